import { applyDecorators, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TWIML_CONTENT_TYPE } from './twiml';

/**
 * A Twilio webhook endpoint: POST, signature checked before anything else, and answered
 * 200 with TwiML as Twilio expects (any other status makes Twilio log an error or retry).
 */
export function TwilioWebhook(path: string): MethodDecorator {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    Header('Content-Type', TWIML_CONTENT_TYPE),
    UseGuards(TwilioSignatureGuard),
  );
}
