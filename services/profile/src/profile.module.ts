import { Module } from '@nestjs/common';
import { InboundConsumer } from './infra/inbound.consumer';

@Module({ providers: [InboundConsumer] })
export class ProfileModule {}
