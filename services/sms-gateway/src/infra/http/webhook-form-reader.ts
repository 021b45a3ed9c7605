import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '@threadline/platform';
import type { Logger } from 'pino';
import { withoutControlCharacters } from '../../domain/control-characters';
import { asWebhookForm, formField, type WebhookForm } from '../../domain/webhook-form';
import { SmsGatewayMetrics, type TwilioWebhookKind } from '../sms-gateway.metrics';

/**
 * Reads a signed webhook's body as a form without control characters in the fields the
 * gateway reads (decision 21). Every removal is logged, naming the fields and how many
 * characters went from each, and counted: a body stored shorter than sent is never silent.
 */
@Injectable()
export class WebhookFormReader {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SmsGatewayMetrics) private readonly metrics: SmsGatewayMetrics,
  ) {}

  read(webhook: TwilioWebhookKind, body: unknown, fields: readonly string[]): WebhookForm {
    const { form, removed } = withoutControlCharacters(asWebhookForm(body), fields);
    if (Object.keys(removed).length > 0) {
      this.metrics.controlCharactersRemoved(webhook);
      this.logger.warn(
        {
          webhook,
          providerMessageId: formField(form, 'MessageSid') ?? null,
          controlCharactersRemoved: removed,
        },
        'control characters removed from a webhook before reading it',
      );
    }
    return form;
  }
}
