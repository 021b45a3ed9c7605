import { Module } from '@nestjs/common';
import { InteractionHandlers } from './infra/interaction.handlers';

@Module({ providers: [InteractionHandlers] })
export class InteractionModule {}
