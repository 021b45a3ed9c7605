import { Inject, Injectable } from '@nestjs/common';
import { AppError, DATA_SOURCE, LOGGER, OUTBOX, type Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { carriesErrorCode, type DeliveryStatus, nextDeliveryStatus } from '../domain/delivery-status';
import { SmsGatewayErrorCodes } from '../domain/error-codes';
import type { StatusCallback } from '../domain/status-callback';
import { lockOutboundMessage } from '../infra/persistence/advisory-locks';
import { OutboundMessageRepository } from '../infra/persistence/outbound-message.repository';
import { StatusCallbackRepository } from '../infra/persistence/status-callback.repository';
import { outboundStatusChanged } from './outbound-status-event';

export interface StatusReport {
  provider: string;
  callback: StatusCallback;
  /** Our status for the provider's, or null for one we do not track (recorded, moves nothing). */
  reported: DeliveryStatus | null;
  /**
   * The outboundId our StatusCallback URL carries. A callback can arrive before the send that
   * caused it has committed the provider's message id, so the id alone may find nothing yet;
   * with this, the callback waits on the send's lock and then finds it.
   */
  outboundId: string | null;
}

export type StatusReportOutcome = 'moved' | 'unchanged' | 'duplicate';

/**
 * Applies a provider's status report to the message it is about: recorded once, and the
 * message's status moves only forward (S3), announced only when it moved.
 */
@Injectable()
export class ApplyStatusCallbackUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(report: StatusReport): Promise<StatusReportOutcome> {
    const { provider, callback, reported } = report;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const messages = new OutboundMessageRepository(manager);
      const outboundId =
        report.outboundId ?? (await messages.findIdByProviderMessageId(provider, callback.providerMessageId));
      if (outboundId !== null) await lockOutboundMessage(manager, outboundId);
      // Read only under the lock: a send that held it has committed (or rolled back) by now.
      const message = outboundId === null ? null : await messages.find(outboundId);
      if (
        !message ||
        message.provider !== provider ||
        message.providerMessageId !== callback.providerMessageId
      ) {
        throw new AppError(
          SmsGatewayErrorCodes.OUTBOUND_MESSAGE_UNKNOWN,
          404,
          'no outbound message has this MessageSid',
          { messageSid: callback.providerMessageId },
        );
      }
      if (!(await new StatusCallbackRepository(manager).recordIfNew(provider, message.id, callback))) {
        return 'duplicate';
      }
      const next = reported === null ? null : nextDeliveryStatus(message.status, reported);
      if (next === null) return 'unchanged';
      const errorCode = carriesErrorCode(next) ? callback.errorCode : null;
      await messages.updateStatus(message.id, next, errorCode);
      await this.outbox.add(manager, [outboundStatusChanged({ ...message, status: next, errorCode }, null)]);
      return 'moved';
    });
    this.logger.info(
      { providerMessageId: callback.providerMessageId, providerStatus: callback.providerStatus, outcome },
      'status callback applied',
    );
    return outcome;
  }
}
