import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EnvelopeOf } from '@threadline/contracts';
import { CONFIG, CONSUMERS, type ConsumerRegistry, consumerOf } from '@threadline/platform';
import { SendSmsUseCase } from '../app/send-sms.use-case';
import { WaitSendTurnUseCase } from '../app/wait-send-turn.use-case';

/**
 * Sends held at once per process. Most of them wait for their number's send rate, holding no
 * database connection, so a busy number's queue must not fill every slot and hold up others.
 */
const SENDS_HELD = 64;
import type { SmsGatewayConfig } from '../config';
import { sendMaxDeliver } from '../domain/send-attempts';

/**
 * Every send command: through the provider, once per outboundId. A provider that is down
 * or overloaded makes the handler throw, so the command comes back with growing, jittered
 * delay (the platform's back-off), up to SMS_SEND_MAX_ATTEMPTS; the last attempt records the
 * message failed rather than dead-lettering the command (domain/send-attempts.ts).
 */
@Injectable()
export class OutboundSendConsumer implements OnModuleInit {
  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(SendSmsUseCase) private readonly sendSms: SendSmsUseCase,
    @Inject(WaitSendTurnUseCase) private readonly waitSendTurn: WaitSendTurnUseCase,
    @Inject(CONFIG) private readonly config: SmsGatewayConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.registerPrepared({
      // ackWait must outlast a provider call (PROVIDER_TIMEOUT_MS); the consumer extends it
      // while the handler works.
      declaration: consumerOf('sms-gateway', 'sms.outbound.send.v1', {
        maxDeliver: sendMaxDeliver(this.config.SMS_SEND_MAX_ATTEMPTS),
        ackWaitMs: 30_000,
        maxAckPending: 256,
      }),
      // The number's send rate (docs/send-rates.md) is waited for before the transaction.
      prepare: (command, context) => this.waitSendTurn.execute(command, context),
      handler: (command, context) => this.sendSms.execute(command, context),
      concurrency: SENDS_HELD,
      // The handler calls the provider: a batch's rollback must not send a text again.
      oneTransactionPerMessage: true,
      // The texts of one phone pair leave in the order they were asked for (a greeting before the
      // menu that follows it); other pairs' texts are sent side by side.
      orderingKey: (command: EnvelopeOf<'sms.outbound.send.v1'>) => `${command.data.from}|${command.data.to}`,
    });
  }
}
