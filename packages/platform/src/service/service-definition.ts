import type { DynamicModule, Type } from '@nestjs/common';
import type { StreamDeclaration } from '@threadline/contracts';
import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import type { z } from 'zod';
import {
  type DevelopmentDefaults,
  type PlatformConfig,
  platformConfigSchema,
  portFromEnv,
  refuseDevelopmentDefaults,
} from '../config/config';
import { defaultPoolSizeOf } from '../database/connection-budget';

/** The servers every service connects to. */
export type Dependency = 'postgres' | 'nats' | 'redis';

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
  /**
   * The servers without which the service's HTTP endpoints cannot serve: `/readyz` answers 503
   * while one of them is unreachable. The others are checked and reported as degraded (200),
   * so an outage of something the endpoints can do without does not take every replica out
   * of its load balancer. Each service declares its own (decision 47); unset, all three.
   */
  readinessRequires?: readonly Dependency[];
}

export interface ServiceSpec extends Partial<
  Omit<ServiceDefinition, 'name' | 'streams' | 'readinessRequires'>
> {
  name: string;
  /** See ServiceDefinition: what `/readyz` fails without. Stated by every service, no default. */
  readinessRequires: readonly Dependency[];
  /** HTTP_PORT when the environment does not set one. */
  defaultPort: number;
  streams: StreamDeclaration[];
  /** One sentence for people: what the service owns. */
  summary: string;
  /** The service's own settings, added to the platform's (read them through the CONFIG token). */
  config?: z.ZodRawShape;
  /**
   * The built-in values of the service's secrets (a development key, the simulator's token),
   * by variable: refused when NODE_ENV=production (decision 22).
   */
  developmentDefaults?: DevelopmentDefaults;
}

/**
 * A service definition with the platform's conventions filled in: the schema is the name in
 * snake case, the config is the platform's with the service's default port, its pool from the
 * connection budget (SERVICE_CONNECTIONS) and its
 * development defaults refused in production, the OpenAPI title and description come from
 * the name and summary.
 */
export function defineService(spec: ServiceSpec): ServiceDefinition {
  const { defaultPort, summary, config, developmentDefaults = {}, ...rest } = spec;
  const shape = platformConfigSchema.extend({
    HTTP_PORT: portFromEnv.default(defaultPort),
    DATABASE_POOL_SIZE: platformConfigSchema.shape.DATABASE_POOL_SIZE.unwrap().default(
      defaultPoolSizeOf(spec.name),
    ),
    ...config,
  });
  // A misspelt variable here would silently refuse nothing.
  const unknown = Object.keys(developmentDefaults).filter((variable) => !(variable in shape.shape));
  if (unknown.length > 0) {
    throw new Error(`${spec.name}: development defaults of unknown variables: ${unknown.join(', ')}`);
  }
  return {
    schema: spec.name.replace(/-/g, '_'),
    configSchema: refuseDevelopmentDefaults(shape, developmentDefaults),
    migrations: [],
    imports: [],
    openApi: { title: `Threadline ${spec.name}`, description: summary },
    ...rest,
  };
}
