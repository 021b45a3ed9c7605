import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CONSUMERS, type ConsumerRegistry, consumerOf, OUTBOX, type Outbox } from '@threadline/platform';
import { ResolveInboundUseCase } from '../app/resolve-inbound.use-case';

/** Every inbound SMS: who sent it (SPEC P1–P4), announced as profile.requester.resolved.v1. */
@Injectable()
export class InboundConsumer implements OnModuleInit {
  private readonly resolveInbound: ResolveInboundUseCase;

  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(OUTBOX) outbox: Outbox,
  ) {
    this.resolveInbound = new ResolveInboundUseCase(outbox);
  }

  onModuleInit(): void {
    this.consumers.register({
      declaration: consumerOf('profile', 'sms.inbound.received.v1'),
      handler: (envelope, { manager, logger }) => this.resolveInbound.execute(envelope, manager, logger),
    });
  }
}
