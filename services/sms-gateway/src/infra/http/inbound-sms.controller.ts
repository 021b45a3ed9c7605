import { Body, Controller, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError, ApiErrors, CONFIG } from '@threadline/platform';
import { ReceiveInboundSmsUseCase } from '../../app/receive-inbound-sms.use-case';
import type { SmsGatewayConfig } from '../../config';
import { SmsGatewayErrorCodes as Codes } from '../../domain/error-codes';
import { parseInboundSms } from '../../domain/inbound-sms';
import { asWebhookForm, isFromAccount } from '../../domain/webhook-form';
import { TWILIO } from '../providers/twilio.provider';
import { TwilioWebhook } from './twilio-webhook.decorator';
import { EMPTY_TWIML } from './twiml';
import { rejectionError } from './webhook-rejection';
import { InboundSmsForm } from './webhook-forms.doc';
import { TWILIO_WEBHOOKS } from './webhook-routes';

@ApiTags('Twilio webhooks')
@Controller(TWILIO_WEBHOOKS.controller)
export class InboundSmsController {
  constructor(
    @Inject(CONFIG) private readonly config: SmsGatewayConfig,
    @Inject(ReceiveInboundSmsUseCase) private readonly receiveInboundSms: ReceiveInboundSmsUseCase,
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
      'MessageSid delivered again is answered the same way and neither stored nor announced twice.',
  })
  @ApiErrors({
    status: 400,
    codes: [
      Codes.WEBHOOK_FIELD_MISSING,
      Codes.PHONE_NUMBER_INVALID,
      Codes.SMS_BODY_TOO_LARGE,
      Codes.UNKNOWN_COMPANY_NUMBER,
      Codes.VALIDATION_FAILED,
    ],
    description: 'Nothing was stored',
  })
  async receive(@Body() body: unknown): Promise<string> {
    const form = asWebhookForm(body);
    if (!isFromAccount(form, this.config.TWILIO_ACCOUNT_SID)) {
      throw new AppError(Codes.ACCOUNT_MISMATCH, 403, 'AccountSid is not the account this gateway serves');
    }
    const parsed = parseInboundSms(form, {
      defaultRegion: this.config.SMS_DEFAULT_REGION,
      maxBodyBytes: this.config.SMS_MAX_BODY_BYTES,
    });
    if (!parsed.ok) throw rejectionError(parsed.rejection);
    await this.receiveInboundSms.execute(TWILIO, parsed.value);
    return EMPTY_TWIML;
  }
}
