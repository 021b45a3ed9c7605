import { Body, Controller, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError, ApiErrors, CONFIG } from '@threadline/platform';
import { KeepInboundMedia } from '../../app/keep-inbound-media';
import { KeepRejectedInboundSmsUseCase } from '../../app/keep-rejected-inbound-sms.use-case';
import { ReceiveInboundSmsUseCase } from '../../app/receive-inbound-sms.use-case';
import { inboundSmsRules, type SmsGatewayConfig } from '../../config';
import { SmsGatewayErrorCodes as Codes } from '../../domain/error-codes';
import { INBOUND_SMS_FIELDS, parseInboundSms } from '../../domain/inbound-sms';
import { isFromAccount, type WebhookForm, type WebhookRejection } from '../../domain/webhook-form';
import { TWILIO } from '../providers/twilio.provider';
import { TwilioWebhook } from './twilio-webhook.decorator';
import { EMPTY_TWIML } from './twiml';
import { WebhookFormReader } from './webhook-form-reader';
import { rejectionError } from './webhook-rejection';
import { InboundSmsForm } from './webhook-forms.doc';
import { TWILIO_WEBHOOKS } from './webhook-routes';

@ApiTags('Twilio webhooks')
@Controller(TWILIO_WEBHOOKS.controller)
export class InboundSmsController {
  constructor(
    @Inject(CONFIG) private readonly config: SmsGatewayConfig,
    @Inject(WebhookFormReader) private readonly forms: WebhookFormReader,
    @Inject(ReceiveInboundSmsUseCase) private readonly receiveInboundSms: ReceiveInboundSmsUseCase,
    @Inject(KeepRejectedInboundSmsUseCase) private readonly keepRejected: KeepRejectedInboundSmsUseCase,
    @Inject(KeepInboundMedia) private readonly keepMedia: KeepInboundMedia,
  ) {}

  @TwilioWebhook(TWILIO_WEBHOOKS.inboundSms, {
    form: InboundSmsForm,
    answered: 'Accepted (or accepted before): empty TwiML, nothing is sent back',
  })
  @ApiOperation({
    summary: 'An SMS from a requester (Twilio inbound message webhook)',
    description:
      'Checks the signature, the account and the fields, then stores the message and announces ' +
      'sms.inbound.received.v1 in one transaction, and answers only once that committed. A ' +
      'MessageSid delivered again is answered the same way and neither stored nor announced twice. ' +
      'Media (MMS) are fetched first with the account credentials and kept under our own keys when ' +
      'they are allowed images within SMS_MAX_MEDIA_BYTES; others are announced as refused with a reason. ' +
      'Control characters other than tab, line feed and carriage return are removed from the ' +
      'fields before they are read, and the removal is logged and counted. ' +
      'A message refused for its content (any 400 below but VALIDATION_FAILED, when it has a ' +
      'single MessageSid) is kept as rejected for operators (GET /ops/inbound/rejected) and not announced.',
  })
  @ApiErrors({
    status: 400,
    codes: [
      Codes.WEBHOOK_FIELD_MISSING,
      Codes.WEBHOOK_FIELD_REPEATED,
      Codes.PHONE_NUMBER_INVALID,
      Codes.SMS_BODY_TOO_LARGE,
      Codes.UNKNOWN_COMPANY_NUMBER,
      Codes.VALIDATION_FAILED,
    ],
    description:
      'Nothing was accepted or announced; the message is kept as rejected unless it lacks a ' +
      'single MessageSid or the code is VALIDATION_FAILED',
  })
  async receive(@Body() body: unknown): Promise<string> {
    const form = this.forms.read('inbound_sms', body, INBOUND_SMS_FIELDS);
    if (!isFromAccount(form, this.config.TWILIO_ACCOUNT_SID)) {
      throw new AppError(Codes.ACCOUNT_MISMATCH, 403, 'AccountSid is not the account this gateway serves');
    }
    const parsed = parseInboundSms(form, inboundSmsRules(this.config));
    if (!parsed.ok) return this.refuse(form, parsed.rejection);
    const media = await this.keepMedia.keep(TWILIO, parsed.value);
    const received = await this.receiveInboundSms.execute(TWILIO, parsed.value, media);
    if (received.outcome === 'refused') return this.refuse(form, received.rejection);
    return EMPTY_TWIML;
  }

  /** Past the signature and account checks the message is authentic: kept, then refused. */
  private async refuse(form: WebhookForm, rejection: WebhookRejection): Promise<never> {
    await this.keepRejected.execute(TWILIO, form, rejection);
    throw rejectionError(rejection);
  }
}
