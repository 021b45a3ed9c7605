import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { KEPT_REJECTION_CODES } from '../domain/inbound-rejection';

/** The provider webhooks, as metrics label them. */
export const TWILIO_WEBHOOK_KINDS = ['inbound_sms', 'status_callback'] as const;
export type TwilioWebhookKind = (typeof TWILIO_WEBHOOK_KINDS)[number];
/** Telnyx posts every messaging event to one webhook. */
export const TELNYX_WEBHOOK_KIND = 'telnyx_event';
export type WebhookKind = TwilioWebhookKind | typeof TELNYX_WEBHOOK_KIND;

/** Why a webhook was refused before it was read (signature, staleness, replay). */
export const WEBHOOK_REFUSAL_CODES = [
  'SIGNATURE_MISSING',
  'SIGNATURE_INVALID',
  'SIGNATURE_STALE',
  'SIGNATURE_REPLAYED',
] as const;
export type WebhookRefusalCode = (typeof WEBHOOK_REFUSAL_CODES)[number];

/** The gateway's own Prometheus metrics, served on /metrics with the platform's. */
@Injectable()
export class SmsGatewayMetrics {
  private readonly inboundRejected;
  private readonly controlCharacters;
  private readonly sendRateWait;
  private readonly throttled;
  private readonly webhookRefused;

  constructor(@Inject(RUNTIME) runtime: ServiceRuntime) {
    this.inboundRejected = runtime.metrics.counter({
      name: 'sms_inbound_rejected_total',
      help: 'Inbound messages refused for their content and kept as rejected, by error code (a retry of one is not counted again)',
      labelNames: ['code'] as const,
    });
    this.controlCharacters = runtime.metrics.counter({
      name: 'sms_webhook_control_characters_removed_total',
      help: 'Authentic webhooks from whose fields control characters were removed before reading, by webhook (a retry is counted again)',
      labelNames: ['webhook'] as const,
    });
    this.sendRateWait = runtime.metrics.histogram({
      name: 'sms_send_rate_wait_seconds',
      help: 'Time a send waited for its company number’s send rate before going to the provider (docs/send-rates.md)',
      labelNames: [] as const,
      buckets: [0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
    });
    this.throttled = runtime.metrics.counter({
      name: 'sms_provider_throttled_total',
      help: 'Sends the provider refused as too fast (HTTP 429 or a throttling code), each pausing its company number',
      labelNames: [] as const,
    });
    this.throttled.inc(0);
    this.webhookRefused = runtime.metrics.counter({
      name: 'sms_webhook_refused_total',
      help: 'Provider webhooks refused before reading: forged, unsigned, stale or replayed, by provider and code',
      labelNames: ['provider', 'code'] as const,
    });
    // Every series starts at 0, so a rate over the first occurrence of a kind is not lost.
    for (const code of KEPT_REJECTION_CODES) this.inboundRejected.inc({ code }, 0);
    for (const webhook of [...TWILIO_WEBHOOK_KINDS, TELNYX_WEBHOOK_KIND]) {
      this.controlCharacters.inc({ webhook }, 0);
    }
    for (const code of WEBHOOK_REFUSAL_CODES) this.webhookRefused.inc({ provider: 'telnyx', code }, 0);
  }

  inboundRejectedKept(code: string): void {
    this.inboundRejected.inc({ code });
  }

  sendRateWaited(seconds: number): void {
    this.sendRateWait.observe(seconds);
  }

  providerThrottled(): void {
    this.throttled.inc();
  }

  controlCharactersRemoved(webhook: WebhookKind): void {
    this.controlCharacters.inc({ webhook });
  }

  webhookRefusedBeforeReading(provider: string, code: WebhookRefusalCode): void {
    this.webhookRefused.inc({ provider, code });
  }
}
