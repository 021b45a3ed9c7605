import { Controller, Get } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Server } from 'node:http';
import { OperationsController } from './operations';
import { type RouterStackOwner, type ServedRoutes, servedRoutes } from './served-routes';

@OperationsController()
@Controller('ops/routes')
export class RoutesController {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Get()
  @ApiOperation({
    summary: 'Every HTTP route and WebSocket upgrade handler this process serves',
    description:
      'Read from the live router, so it includes what the OpenAPI document leaves out (API docs files, the web app, redirects). ' +
      'What each route asks of its caller is in docs/authorisation.md.',
  })
  @ApiOkResponse({
    description: 'routes (method, path), mounts (path prefix, handler), middleware, upgradeHandlers',
  })
  list(): ServedRoutes {
    const adapter = this.adapterHost.httpAdapter;
    const server = adapter.getHttpServer() as Server;
    return servedRoutes(adapter.getInstance<RouterStackOwner>(), server.listeners('upgrade'));
  }
}
