import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DeadLettersController } from '../http/dead-letters.controller';
import { HealthController } from '../http/health.controller';
import { OperatorGuard } from '../http/operator.guard';
import { RoutesController } from '../http/routes.controller';
import type { ServiceRuntime } from './runtime';
import { CONFIG, CONSUMERS, DATA_SOURCE, LOGGER, NATS, OUTBOX, QUERIES, REDIS, RUNTIME } from './tokens';

/** Makes the runtime's connections injectable in every module of a service. */
@Global()
@Module({})
export class PlatformModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    const providers = [
      { provide: RUNTIME, useValue: runtime },
      { provide: CONFIG, useValue: runtime.config },
      { provide: LOGGER, useValue: runtime.logger },
      { provide: DATA_SOURCE, useValue: runtime.dataSource },
      { provide: OUTBOX, useValue: runtime.outbox },
      { provide: REDIS, useValue: runtime.redis },
      { provide: NATS, useValue: runtime.nats },
      { provide: CONSUMERS, useValue: runtime.consumers },
      { provide: QUERIES, useValue: runtime.queries },
    ];
    return {
      module: PlatformModule,
      controllers: [HealthController, DeadLettersController, RoutesController],
      providers: [...providers, OperatorGuard],
      exports: providers.map((provider) => provider.provide),
    };
  }
}
