import { applyDecorators, Header, HttpCode, Post, type Type, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { ApiErrors, ApiPublic, ErrorCodes } from '@threadline/platform';
import { SmsGatewayErrorCodes as Codes } from '../../domain/error-codes';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { EMPTY_TWIML, TWIML_CONTENT_TYPE } from './twiml';

/**
 * A Twilio webhook endpoint: POST, signature checked before anything else, and answered
 * 200 with TwiML as Twilio expects (any other status makes Twilio log an error or retry).
 * Documents what every such endpoint shares: the signed form body, the TwiML answer, the 403
 * refusals and the platform's 413 for a body it will not parse (which therefore cannot be
 * checked or kept); each endpoint adds its own operation and other errors.
 */
export function TwilioWebhook(path: string, doc: { form: Type; answered: string }): MethodDecorator {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    Header('Content-Type', TWIML_CONTENT_TYPE),
    UseGuards(TwilioSignatureGuard),
    // Twilio signs the request; it sends no token a security scheme could describe.
    ApiPublic(),
    ApiHeader({ name: 'X-Twilio-Signature', required: true, description: "Twilio's request signature" }),
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiBody({ type: doc.form }),
    ApiProduces(TWIML_CONTENT_TYPE),
    ApiOkResponse({
      description: doc.answered,
      content: { [TWIML_CONTENT_TYPE]: { schema: { type: 'string', example: EMPTY_TWIML } } },
    }),
    ApiErrors(
      {
        status: 403,
        codes: [Codes.SIGNATURE_MISSING, Codes.SIGNATURE_INVALID, Codes.ACCOUNT_MISMATCH],
      },
      {
        status: 413,
        codes: [ErrorCodes.PAYLOAD_TOO_LARGE, ErrorCodes.TOO_MANY_FORM_FIELDS],
        description: 'The body was not parsed, so neither its signature was checked nor anything kept',
      },
    ),
  );
}
