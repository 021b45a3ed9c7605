import { refuseUnlessRun } from './provider-run';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AppError, CONFIG } from '@threadline/platform';
import { validateRequest } from 'twilio';
import type { SmsGatewayConfig } from '../../config';
import { SmsGatewayErrorCodes } from '../../domain/error-codes';
import { asWebhookForm } from '../../domain/webhook-form';

/** The parts of an Express request the signature check reads. */
interface SignedRequest {
  originalUrl: string;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Lets through only requests Twilio signed with our auth token (X-Twilio-Signature over the
 * URL it called and the form fields). The URL is rebuilt from SMS_PUBLIC_BASE_URL, since
 * behind a proxy or tunnel this service never sees the host and scheme Twilio used.
 * Runs before anything reads the request, so nothing of a forged one is stored.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: SmsGatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    refuseUnlessRun(this.config, 'twilio');
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || signature === '') {
      throw new AppError(SmsGatewayErrorCodes.SIGNATURE_MISSING, 403, 'X-Twilio-Signature header is missing');
    }
    const url = `${this.config.SMS_PUBLIC_BASE_URL}${request.originalUrl}`;
    if (!validateRequest(this.config.TWILIO_AUTH_TOKEN, signature, url, asWebhookForm(request.body))) {
      throw new AppError(
        SmsGatewayErrorCodes.SIGNATURE_INVALID,
        403,
        'X-Twilio-Signature does not match this request',
      );
    }
    return true;
  }
}
