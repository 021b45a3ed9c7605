import { refuseUnlessRun } from './provider-run';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AppError, CONFIG, LOGGER, rawBodyOf, REDIS } from '@threadline/platform';
import type { Logger } from 'pino';
import type { SmsGatewayConfig } from '../../config';
import { SmsGatewayErrorCodes as Codes } from '../../domain/error-codes';
import {
  checkTelnyxSignature,
  TELNYX_SIGNATURE_HEADER,
  TELNYX_TIMESTAMP_HEADER,
  telnyxPublicKey,
} from '../../domain/telnyx-signature';
import { TELNYX } from '../providers/telnyx.provider';
import { SmsGatewayMetrics, type WebhookRefusalCode } from '../sms-gateway.metrics';
import { type SignatureStore, TelnyxReplayGuard } from './telnyx-replay-guard';

/** The parts of an Express request the signature check reads, and where it leaves its claim. */
interface SignedRequest {
  headers: Record<string, string | string[] | undefined>;
  telnyxSignature?: Buffer;
}

/** The signature a request was let through with, to release if handling it fails. */
export function acceptedTelnyxSignature(request: object): Buffer | undefined {
  return (request as SignedRequest).telnyxSignature;
}

/**
 * Lets through only webhooks Telnyx signed (Ed25519 over the timestamp and the body as
 * received), signed within the replay window, and not seen before. Runs before the body is
 * read: a refused request is answered 403 with its code, counted and logged without its
 * body, and nothing of it is stored.
 */
@Injectable()
export class TelnyxSignatureGuard implements CanActivate {
  private readonly publicKey;
  readonly replays: TelnyxReplayGuard;

  constructor(
    @Inject(CONFIG) private readonly config: SmsGatewayConfig,
    @Inject(REDIS) redis: SignatureStore,
    @Inject(SmsGatewayMetrics) private readonly metrics: SmsGatewayMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.publicKey = telnyxPublicKey(config.TELNYX_PUBLIC_KEY);
    this.replays = new TelnyxReplayGuard(
      redis,
      config.NATS_NAMESPACE,
      config.TELNYX_WEBHOOK_TOLERANCE_SECONDS,
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    refuseUnlessRun(this.config, 'telnyx');
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const check = checkTelnyxSignature(
      {
        rawBody: rawBodyOf(request) ?? Buffer.alloc(0),
        signature: single(request.headers[TELNYX_SIGNATURE_HEADER]),
        timestamp: single(request.headers[TELNYX_TIMESTAMP_HEADER]),
      },
      this.publicKey,
      this.config.TELNYX_WEBHOOK_TOLERANCE_SECONDS,
      Math.floor(Date.now() / 1000),
    );
    if (!check.ok) this.refuse(check.code, check.message);
    if (!(await this.replays.claim(check.signature))) {
      this.refuse(Codes.SIGNATURE_REPLAYED, 'this signed webhook was received before');
    }
    request.telnyxSignature = check.signature;
    return true;
  }

  private refuse(code: WebhookRefusalCode, message: string): never {
    this.metrics.webhookRefusedBeforeReading(TELNYX, code);
    this.logger.warn({ provider: TELNYX, code }, 'Telnyx webhook refused before reading');
    throw new AppError(code, 403, message);
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
