import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ServiceRuntime } from '../service/runtime';
import { RUNTIME } from '../service/tokens';
import { ErrorCodes } from '../errors/app-error';
import { ApiErrors, ApiPublic } from './openapi';

@ApiTags('operations')
@ApiPublic()
@Controller()
export class HealthController {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get('healthz')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ description: 'Always, while the process runs; says which Node.js runs it' })
  healthz(): { status: 'ok'; service: string; node: string } {
    return { status: 'ok', service: this.runtime.definition.name, node: process.versions.node };
  }

  @Get('readyz')
  @ApiOperation({
    summary: 'Readiness: the servers this service cannot serve without answer',
    description:
      'Postgres, NATS and Redis are each checked; only those the service requires (`required: true` in ' +
      'each check) make it unready. One it can do without that fails is listed in `degraded`.',
  })
  @ApiOkResponse({
    description:
      '`status` is `ready`, or `degraded` with the failed checks the service serves without in `degraded`',
  })
  @ApiErrors({
    status: 503,
    codes: [ErrorCodes.NOT_READY],
    description: '`details` says which dependency did not answer',
  })
  async readyz(@Res() response: Response): Promise<void> {
    const readiness = await this.runtime.readiness();
    if (readiness.ready) {
      const degraded = readiness.degraded.length > 0;
      response.status(200).json({
        status: degraded ? 'degraded' : 'ready',
        checks: readiness.checks,
        ...(degraded ? { degraded: readiness.degraded } : {}),
      });
      return;
    }
    response.status(503).json({
      error: { code: 'NOT_READY', message: 'a dependency is unreachable', details: readiness.checks },
    });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics in the text exposition format' })
  async metrics(@Res() response: Response): Promise<void> {
    const registry = this.runtime.metrics.registry;
    response.setHeader('Content-Type', registry.contentType);
    response.send(await registry.metrics());
  }
}
