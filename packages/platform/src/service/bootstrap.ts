import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { loadConfig, redactConfig, type PlatformConfig } from '../config/config';
import { bodyParsers } from '../http/body-parsers';
import { applyServerTimeouts, bodyDeadline, serverTimeouts } from '../http/slow-clients';
import { ErrorFilter } from '../http/error.filter';
import { ErrorCodes } from '../errors/app-error';
import { completeDocument, errorSchemaFor } from '../http/openapi';
import { createLogger } from '../logging/logger';
import { NestPinoLogger } from './nest-logger';
import { PlatformModule } from './platform.module';
import { ServiceRuntime } from './runtime';
import type { ServiceDefinition } from './service-definition';

export interface RunOptions {
  /** Environment to read config from; `process.env` unless a test passes its own. */
  env?: NodeJS.ProcessEnv;
  /** Install SIGTERM/SIGINT handlers that stop the service and exit (the binaries do). */
  handleSignals?: boolean;
  logger?: Logger;
  /** prom-client's process metrics; off when several services share one test process. */
  defaultMetrics?: boolean;
}

export interface RunningService {
  url: string;
  port: number;
  runtime: ServiceRuntime;
  app: INestApplication;
  stop(): Promise<void>;
}

@Module({})
class ServiceRootModule {}

/**
 * Starts one service: config, logger, connections (migrating when configured), the NestJS
 * HTTP app with health, metrics and OpenAPI, then streams, consumers and the outbox relay.
 */
export async function runService(
  definition: ServiceDefinition,
  options: RunOptions = {},
): Promise<RunningService> {
  const config = loadConfig(definition.configSchema, options.env ?? process.env) as PlatformConfig;
  const timeouts = serverTimeouts(config);
  const logger = options.logger ?? createLogger({ service: definition.name, level: config.LOG_LEVEL });
  logger.info({ config: redactConfig(config, definition.secretKeys ?? []) }, `starting ${definition.name}`);

  const runtime = new ServiceRuntime(definition, config, logger, { defaultMetrics: options.defaultMetrics });
  try {
    await runtime.connect();
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    throw error;
  }

  const app = await NestFactory.create<NestExpressApplication>(
    { module: ServiceRootModule, imports: [PlatformModule.forRuntime(runtime), ...definition.imports] },
    new ExpressAdapter(),
    { logger: new NestPinoLogger(logger), bodyParser: false, abortOnError: false },
  );
  const limit = definition.bodyLimitBytes ?? 256 * 1024;
  // Slow clients (slowloris): headers, bodies and whole requests each have a time to arrive.
  const server = app.getHttpServer();
  applyServerTimeouts(server, timeouts);
  server.prependListener('request', bodyDeadline(config.HTTP_BODY_TIMEOUT_MS));
  app.use(...bodyParsers(limit));
  app.useGlobalFilters(new ErrorFilter(logger));
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  mountOpenApi(app, definition);

  try {
    await app.init();
    await runtime.startMessaging();
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  } catch (error) {
    // E.g. a stream that cannot be provisioned, or the port is taken: leave nothing running.
    await app.close().catch(() => undefined);
    await runtime.stop().catch(() => undefined);
    throw error;
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://${config.HTTP_HOST === '0.0.0.0' ? '127.0.0.1' : config.HTTP_HOST}:${port}`;
  logger.info(
    { url, docs: `${url}/docs`, node: process.versions.node },
    `${definition.name} listening on ${url} (Node.js ${process.versions.node})`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down');
      await app.close();
      await runtime.stop();
      logger.info('stopped');
    })();
    return stopping;
  };
  if (options.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        const force = setTimeout(() => process.exit(1), config.SHUTDOWN_GRACE_MS * 3).unref();
        void stop().then(
          () => {
            clearTimeout(force);
            process.exit(0);
          },
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  }
  return { url, port, runtime, app, stop };
}

function mountOpenApi(app: INestApplication, definition: ServiceDefinition): void {
  const builder = new DocumentBuilder()
    .setTitle(definition.openApi?.title ?? `Threadline ${definition.name}`)
    .setDescription(
      `${definition.openApi?.description ?? ''}\n\nEvery error has the body \`{ error: { code, message, details? } }\`; codes are stable.`.trim(),
    )
    .setVersion('1.0.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Relative: the service that serves the document, whatever host and port it is reached on.
    .addServer('/', 'This service')
    .addGlobalResponse(
      // What the body parsers answer on every route (BODY_PARSER_CODES), and validation.
      {
        status: 400,
        description: 'Codes: MALFORMED_BODY, VALIDATION_FAILED',
        schema: errorSchemaFor([ErrorCodes.MALFORMED_BODY, ErrorCodes.VALIDATION_FAILED]),
      },
      {
        status: 408,
        description: 'Codes: REQUEST_TIMEOUT. The body did not arrive within HTTP_BODY_TIMEOUT_MS',
        schema: errorSchemaFor([ErrorCodes.REQUEST_TIMEOUT]),
      },
      {
        status: 413,
        description: 'Codes: PAYLOAD_TOO_LARGE, TOO_MANY_FORM_FIELDS',
        schema: errorSchemaFor([ErrorCodes.PAYLOAD_TOO_LARGE, ErrorCodes.TOO_MANY_FORM_FIELDS]),
      },
      {
        status: 415,
        description: 'A body in a charset the service cannot read. Codes: UNSUPPORTED_MEDIA_TYPE',
        schema: errorSchemaFor([ErrorCodes.UNSUPPORTED_MEDIA_TYPE]),
      },
      {
        status: 500,
        description: 'Codes: INTERNAL_ERROR',
        schema: errorSchemaFor([ErrorCodes.INTERNAL_ERROR]),
      },
      {
        status: 503,
        description:
          'Codes: SERVICE_UNAVAILABLE (a server the service needs, such as its database, is unreachable; nothing was done; retry after the `Retry-After` seconds)',
        schema: errorSchemaFor([ErrorCodes.SERVICE_UNAVAILABLE]),
      },
    );
  const document = completeDocument(SwaggerModule.createDocument(app, builder.build()));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
