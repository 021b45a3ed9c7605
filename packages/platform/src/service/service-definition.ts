import type { DynamicModule, Type } from '@nestjs/common';
import type { StreamDeclaration } from '@threadline/contracts';
import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import type { z } from 'zod';
import { type PlatformConfig, platformConfigSchema, portFromEnv } from '../config/config';

/** Everything the platform needs to know to run one Threadline service. */
export interface ServiceDefinition<C extends z.ZodType<PlatformConfig> = z.ZodType<PlatformConfig>> {
  /** `sms-gateway`, `profile`, ... : used in logs, metrics, traces and NATS client names. */
  name: string;
  /** The Postgres schema the service owns. */
  schema: string;
  /** The service's config schema: the platform one, extended with its own settings. */
  configSchema: C;
  /** Config keys whose values are secrets and must never be logged. */
  secretKeys?: string[];
  /** The streams this service publishes to; it provisions them at start. */
  streams: StreamDeclaration[];
  migrations: Array<new () => MigrationInterface>;
  entities?: DataSourceOptions['entities'];
  /** The service's own NestJS module(s): controllers, use cases, consumers. */
  imports: Array<Type | DynamicModule>;
  openApi?: { title: string; description: string };
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes?: number;
}

export interface ServiceSpec extends Partial<Omit<ServiceDefinition, 'name' | 'streams'>> {
  name: string;
  /** HTTP_PORT when the environment does not set one. */
  defaultPort: number;
  streams: StreamDeclaration[];
  /** One sentence for people: what the service owns. */
  summary: string;
  /** The service's own settings, added to the platform's (read them through the CONFIG token). */
  config?: z.ZodRawShape;
}

/**
 * A service definition with the platform's conventions filled in: the schema is the name in
 * snake case, the config is the platform's with the service's default port, the OpenAPI
 * title and description come from the name and summary.
 */
export function defineService(spec: ServiceSpec): ServiceDefinition {
  const { defaultPort, summary, config, ...rest } = spec;
  return {
    schema: spec.name.replace(/-/g, '_'),
    configSchema: platformConfigSchema.extend({
      HTTP_PORT: portFromEnv.default(defaultPort),
      ...config,
    }),
    migrations: [],
    imports: [],
    openApi: { title: `Threadline ${spec.name}`, description: summary },
    ...rest,
  };
}
