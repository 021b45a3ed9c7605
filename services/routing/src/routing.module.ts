import { Module } from '@nestjs/common';
import { RoutingHandlers } from './infra/routing.handlers';

@Module({ providers: [RoutingHandlers] })
export class RoutingModule {}
