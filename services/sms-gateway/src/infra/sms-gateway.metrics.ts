import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { KEPT_REJECTION_CODES } from '../domain/inbound-rejection';

/** The gateway's own Prometheus metrics, served on /metrics with the platform's. */
@Injectable()
export class SmsGatewayMetrics {
  private readonly inboundRejected;

  constructor(@Inject(RUNTIME) runtime: ServiceRuntime) {
    this.inboundRejected = runtime.metrics.counter({
      name: 'sms_inbound_rejected_total',
      help: 'Inbound messages refused for their content and kept as rejected, by error code (a retry of one is not counted again)',
      labelNames: ['code'] as const,
    });
    // Every code starts at 0, so a rate over the first rejection of a kind is not lost.
    for (const code of KEPT_REJECTION_CODES) this.inboundRejected.inc({ code }, 0);
  }

  inboundRejectedKept(code: string): void {
    this.inboundRejected.inc({ code });
  }
}
