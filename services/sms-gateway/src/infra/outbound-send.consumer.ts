import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EnvelopeOf } from '@threadline/contracts';
import { CONSUMERS, type ConsumerRegistry, consumerOf } from '@threadline/platform';
import { SendSmsUseCase } from '../app/send-sms.use-case';

/**
 * Every send command: through the provider, once per outboundId. A provider that is down
 * or overloaded makes the handler throw, so the command comes back with growing delay,
 * up to `maxDeliver` times (about four minutes with the platform's back-off).
 */
@Injectable()
export class OutboundSendConsumer implements OnModuleInit {
  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(SendSmsUseCase) private readonly sendSms: SendSmsUseCase,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      // ackWait must outlast a provider call (PROVIDER_TIMEOUT_MS); the consumer extends it
      // while the handler works.
      declaration: consumerOf('sms-gateway', 'sms.outbound.send.v1', {
        maxDeliver: 8,
        ackWaitMs: 30_000,
        maxAckPending: 256,
      }),
      handler: (command, context) => this.sendSms.execute(command, context),
      // The texts of one phone pair leave in the order they were asked for (a greeting before the
      // menu that follows it); other pairs' texts are sent side by side.
      orderingKey: (command: EnvelopeOf<'sms.outbound.send.v1'>) => `${command.data.from}|${command.data.to}`,
    });
  }
}
