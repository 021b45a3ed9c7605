import { KeepInboundMedia } from '../../app/keep-inbound-media';
import { Body, Controller, HttpCode, Inject, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPublic, CONFIG, ErrorCodes, LOGGER } from '@threadline/platform';
import type { Logger } from 'pino';
import { validate as isUuid } from 'uuid';
import { ApplyStatusCallbackUseCase } from '../../app/apply-status-callback.use-case';
import { KeepRejectedInboundSmsUseCase } from '../../app/keep-rejected-inbound-sms.use-case';
import { ReceiveInboundSmsUseCase } from '../../app/receive-inbound-sms.use-case';
import { inboundSmsRules, type SmsGatewayConfig } from '../../config';
import { fromTelnyxStatus } from '../../domain/delivery-status';
import { SmsGatewayErrorCodes as Codes } from '../../domain/error-codes';
import { TELNYX_SIGNATURE_HEADER, TELNYX_TIMESTAMP_HEADER } from '../../domain/telnyx-signature';
import { parseTelnyxEvent, type TelnyxEvent, telnyxInboundAsForm } from '../../domain/telnyx-webhook';
import type { WebhookRejection } from '../../domain/webhook-form';
import { TELNYX } from '../providers/telnyx.provider';
import { SmsGatewayMetrics, TELNYX_WEBHOOK_KIND } from '../sms-gateway.metrics';
import { acceptedTelnyxSignature, TelnyxSignatureGuard } from './telnyx-signature.guard';
import { TelnyxEventAnswerDoc, TelnyxEventDoc } from './telnyx-webhook.doc';
import { rejectionError } from './webhook-rejection';
import { OUTBOUND_ID_PARAM, TELNYX_WEBHOOKS } from './webhook-routes';

export interface TelnyxEventAnswer {
  outcome: 'accepted' | 'duplicate' | 'moved' | 'unchanged' | 'ignored';
}

@ApiTags('Telnyx webhooks')
@Controller(TELNYX_WEBHOOKS.controller)
export class TelnyxWebhookController {
  constructor(
    @Inject(CONFIG) private readonly config: SmsGatewayConfig,
    @Inject(TelnyxSignatureGuard) private readonly signatures: TelnyxSignatureGuard,
    @Inject(ReceiveInboundSmsUseCase) private readonly receiveInboundSms: ReceiveInboundSmsUseCase,
    @Inject(KeepInboundMedia) private readonly keepMedia: KeepInboundMedia,
    @Inject(ApplyStatusCallbackUseCase) private readonly applyStatusCallback: ApplyStatusCallbackUseCase,
    @Inject(KeepRejectedInboundSmsUseCase) private readonly keepRejected: KeepRejectedInboundSmsUseCase,
    @Inject(SmsGatewayMetrics) private readonly metrics: SmsGatewayMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post()
  @HttpCode(200)
  @UseGuards(TelnyxSignatureGuard)
  // Telnyx signs the request; it sends no token a security scheme could describe.
  @ApiPublic()
  @ApiHeader({
    name: TELNYX_SIGNATURE_HEADER,
    required: true,
    description: 'Ed25519 signature (base64) of `timestamp|body`',
  })
  @ApiHeader({
    name: TELNYX_TIMESTAMP_HEADER,
    required: true,
    description: 'Unix seconds; must be within TELNYX_WEBHOOK_TOLERANCE_SECONDS of now',
  })
  @ApiBody({ type: TelnyxEventDoc })
  @ApiQuery({
    name: OUTBOUND_ID_PARAM,
    required: false,
    description: 'Set by the gateway in the webhook_url it gives Telnyx with each message it sends',
  })
  @ApiOperation({
    summary: 'A Telnyx messaging event: an SMS from a requester, or a delivery event of one we sent',
    description:
      'Checks the Ed25519 signature over the timestamp and the body as received, that the timestamp is within ' +
      'the replay window, and that the signature was not received before, then reads the event. ' +
      'message.received is stored and announced (sms.inbound.received.v1) once per Telnyx message id, as ' +
      "Twilio's inbound SMS; message.sent and message.finalized move the message's status forward (S3) with " +
      "errors[0].code as its error code, as Twilio's status callbacks. A webhook refused with a 403 was not " +
      'stored. A webhook whose handling failed may be sent again with the same signature.',
  })
  @ApiOkResponse({ type: TelnyxEventAnswerDoc })
  @ApiErrors(
    {
      status: 400,
      codes: [
        Codes.PHONE_NUMBER_INVALID,
        Codes.SMS_BODY_TOO_LARGE,
        Codes.UNKNOWN_COMPANY_NUMBER,
        Codes.VALIDATION_FAILED,
      ],
      description:
        'An authentic event the gateway cannot take; nothing was announced. A message.received refused for its ' +
        'content (any code but VALIDATION_FAILED) is kept as rejected for operators (GET /ops/inbound/rejected)',
    },
    {
      status: 403,
      codes: [
        Codes.SIGNATURE_MISSING,
        Codes.SIGNATURE_INVALID,
        Codes.SIGNATURE_STALE,
        Codes.SIGNATURE_REPLAYED,
      ],
      description: 'Not signed by Telnyx, outside the replay window, or received before; nothing was stored',
    },
    { status: 404, codes: [Codes.OUTBOUND_MESSAGE_UNKNOWN] },
    {
      status: 413,
      codes: [ErrorCodes.PAYLOAD_TOO_LARGE],
      description: 'The body was not parsed, so neither its signature was checked nor anything kept',
    },
  )
  async receive(
    @Body() body: unknown,
    @Req() request: object,
    @Query(OUTBOUND_ID_PARAM) outboundId?: unknown,
  ): Promise<TelnyxEventAnswer> {
    try {
      const parsed = parseTelnyxEvent(body, inboundSmsRules(this.config));
      if (!parsed.ok) return await this.refuse(body, parsed.rejection);
      return await this.handle(
        body,
        parsed.value,
        typeof outboundId === 'string' && isUuid(outboundId) ? outboundId : null,
      );
    } catch (error) {
      // Telnyx retries a webhook we did not take; its retry must not look like a replay.
      const signature = acceptedTelnyxSignature(request);
      if (signature) await this.signatures.replays.release(signature);
      throw error;
    }
  }

  /**
   * Past the signature check the event is authentic: a refused inbound message is kept for
   * operators as Twilio's are (GET /ops/inbound/rejected), then refused.
   */
  private async refuse(body: unknown, rejection: WebhookRejection): Promise<never> {
    const form = telnyxInboundAsForm(body);
    if (form) await this.keepRejected.execute(TELNYX, form, rejection);
    throw rejectionError(rejection);
  }

  private async handle(
    body: unknown,
    event: TelnyxEvent,
    outboundId: string | null,
  ): Promise<TelnyxEventAnswer> {
    switch (event.kind) {
      case 'inbound': {
        if (event.controlCharactersRemoved > 0) {
          this.metrics.controlCharactersRemoved(TELNYX_WEBHOOK_KIND);
          this.logger.warn(
            {
              webhook: TELNYX_WEBHOOK_KIND,
              providerMessageId: event.sms.providerMessageId,
              controlCharactersRemoved: { text: event.controlCharactersRemoved },
            },
            'control characters removed from a webhook before reading it',
          );
        }
        const media = await this.keepMedia.keep(TELNYX, event.sms);
        const received = await this.receiveInboundSms.execute(TELNYX, event.sms, media);
        if (received.outcome === 'refused') return this.refuse(body, received.rejection);
        return { outcome: received.outcome };
      }
      case 'status': {
        const outcome = await this.applyStatusCallback.execute({
          provider: TELNYX,
          callback: event.callback,
          reported: fromTelnyxStatus(event.callback.providerStatus),
          outboundId,
        });
        return { outcome: outcome === 'duplicate' ? 'unchanged' : outcome };
      }
      case 'ignored':
        this.logger.info(
          { eventType: event.eventType },
          'Telnyx event of a type the gateway does not use; ignored',
        );
        return { outcome: 'ignored' };
    }
  }
}
