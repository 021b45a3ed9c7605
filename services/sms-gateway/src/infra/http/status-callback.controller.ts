import { Body, Controller, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppError, ApiErrors, CONFIG } from '@threadline/platform';
import { validate as isUuid } from 'uuid';
import { ApplyStatusCallbackUseCase } from '../../app/apply-status-callback.use-case';
import type { SmsGatewayConfig } from '../../config';
import { fromTwilioStatus } from '../../domain/delivery-status';
import { SmsGatewayErrorCodes as Codes } from '../../domain/error-codes';
import { parseStatusCallback, STATUS_CALLBACK_FIELDS } from '../../domain/status-callback';
import { formField, isFromAccount } from '../../domain/webhook-form';
import { TWILIO } from '../providers/twilio.provider';
import { TwilioWebhook } from './twilio-webhook.decorator';
import { EMPTY_TWIML } from './twiml';
import { WebhookFormReader } from './webhook-form-reader';
import { rejectionError } from './webhook-rejection';
import { StatusCallbackForm } from './webhook-forms.doc';
import { OUTBOUND_ID_PARAM, TWILIO_WEBHOOKS } from './webhook-routes';

@ApiTags('Twilio webhooks')
@Controller(TWILIO_WEBHOOKS.controller)
export class StatusCallbackController {
  constructor(
    @Inject(CONFIG) private readonly config: SmsGatewayConfig,
    @Inject(WebhookFormReader) private readonly forms: WebhookFormReader,
    @Inject(ApplyStatusCallbackUseCase) private readonly applyStatusCallback: ApplyStatusCallbackUseCase,
  ) {}

  @TwilioWebhook(TWILIO_WEBHOOKS.status, {
    form: StatusCallbackForm,
    answered: 'Recorded (or recorded before): empty TwiML',
  })
  @ApiOperation({
    summary: 'A delivery report for an SMS we sent (Twilio StatusCallback)',
    description:
      'Records the report once and moves the message status only forward (S3: queued, sent, then ' +
      'delivered, undelivered or failed, which are final), announcing ' +
      'sms.outbound.status-changed.v1 only when it moved. A report that races the send waits for ' +
      'the send to commit.',
  })
  @ApiQuery({
    name: OUTBOUND_ID_PARAM,
    required: false,
    description: 'Set by the gateway in the StatusCallback URL it gives Twilio with each message',
  })
  @ApiErrors(
    { status: 400, codes: [Codes.WEBHOOK_FIELD_MISSING, Codes.WEBHOOK_FIELD_REPEATED] },
    { status: 404, codes: [Codes.OUTBOUND_MESSAGE_UNKNOWN] },
  )
  async report(@Body() body: unknown, @Query(OUTBOUND_ID_PARAM) outboundId?: unknown): Promise<string> {
    const form = this.forms.read('status_callback', body, STATUS_CALLBACK_FIELDS);
    // Real Twilio always names the account; it is only checked when present, since the
    // signature already proves the sender holds our auth token.
    if (formField(form, 'AccountSid') !== undefined && !isFromAccount(form, this.config.TWILIO_ACCOUNT_SID)) {
      throw new AppError(Codes.ACCOUNT_MISMATCH, 403, 'AccountSid is not the account this gateway serves');
    }
    const parsed = parseStatusCallback(form);
    if (!parsed.ok) throw rejectionError(parsed.rejection);
    await this.applyStatusCallback.execute({
      provider: TWILIO,
      callback: parsed.value,
      reported: fromTwilioStatus(parsed.value.providerStatus),
      outboundId: typeof outboundId === 'string' && isUuid(outboundId) ? outboundId : null,
    });
    return EMPTY_TWIML;
  }
}
