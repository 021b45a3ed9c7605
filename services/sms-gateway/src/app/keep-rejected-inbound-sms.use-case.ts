import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, DATA_SOURCE, LOGGER } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { inboundSmsRules, type SmsGatewayConfig } from '../config';
import { rejectedInboundSms } from '../domain/inbound-rejection';
import { formField, type WebhookForm, type WebhookRejection } from '../domain/webhook-form';
import { RejectedInboundMessageRepository } from '../infra/persistence/rejected-inbound-message.repository';
import { SmsGatewayMetrics } from '../infra/sms-gateway.metrics';

export type RejectionOutcome = 'kept' | 'kept_before' | 'not_kept';

/**
 * Keeps an authentic inbound message the gateway refused for its content, so operators see it
 * (GET /ops/inbound/rejected) and nothing a requester sent disappears silently. Must only be
 * given webhooks whose signature and account were checked: what is kept is taken as the
 * provider's word. Kept once per provider message id; nothing is announced.
 */
@Injectable()
export class KeepRejectedInboundSmsUseCase {
  constructor(
    @Inject(CONFIG) private readonly config: SmsGatewayConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SmsGatewayMetrics) private readonly metrics: SmsGatewayMetrics,
  ) {}

  async execute(provider: string, form: WebhookForm, rejection: WebhookRejection): Promise<RejectionOutcome> {
    const rejected = rejectedInboundSms(form, rejection, inboundSmsRules(this.config));
    if (!rejected) {
      this.logger.warn(
        { providerMessageId: formField(form, 'MessageSid') ?? null, code: rejection.code, kept: false },
        `inbound SMS refused (${rejection.message}); not kept`,
      );
      return 'not_kept';
    }
    const repository = new RejectedInboundMessageRepository(this.dataSource.manager);
    const fields = {
      providerMessageId: rejected.providerMessageId,
      code: rejected.code,
      reason: rejected.reason,
    };
    if (!(await repository.insertIfNew(provider, rejected))) {
      this.logger.info({ ...fields, duplicate: true }, 'inbound SMS refused again; kept before');
      return 'kept_before';
    }
    this.metrics.inboundRejectedKept(rejected.code);
    this.logger.warn({ ...fields, kept: true }, 'inbound SMS refused; kept as rejected');
    return 'kept';
  }
}
