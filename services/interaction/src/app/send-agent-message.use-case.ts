import type { RequestOf, ResponseOf, queries } from '@threadline/contracts';
import { AppError } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { refuseAgentSend, refuseSegments } from '../domain/agent-send';
import { InteractionRepository } from '../infra/interaction.repository';
import { optedOutError } from './opted-out-error';
import type { TranscriptWriter } from './transcript-writer';

type SendMessage = typeof queries.sendMessage;

/**
 * An agent's reply: recorded in the transcript and handed to the SMS gateway in one
 * transaction. The caller picks the message id, so asking twice sends once.
 */
export class SendAgentMessageUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: TranscriptWriter,
    /** SMS_MAX_SEGMENTS */
    private readonly maxSegments: number,
  ) {}

  execute(request: RequestOf<SendMessage>): Promise<ResponseOf<SendMessage>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new InteractionRepository(manager);
      const interaction = await repository.lockById(request.interactionId);
      if (!interaction) {
        throw new AppError(
          'INTERACTION_NOT_FOUND',
          404,
          `interaction ${request.interactionId} does not exist`,
        );
      }
      const existing = await repository.findMessage(request.messageId);
      if (existing) {
        if (existing.interactionId !== interaction.id) {
          throw new AppError(
            'CONFLICT',
            409,
            `message id ${request.messageId} is already used in another interaction`,
          );
        }
        return {
          interactionId: interaction.id,
          messageId: request.messageId,
          occurredAt: existing.occurredAt,
          deliveryStatus: existing.deliveryStatus ?? 'queued',
        };
      }
      if (request.body.trim() === '' && !request.media?.length) {
        throw new AppError('VALIDATION_FAILED', 400, 'a message needs a body or an image');
      }
      const refusal = refuseAgentSend(interaction, request.agentId);
      if (refusal) throw new AppError(refusal.code, refusal.status, refusal.message);
      const tooLong = refuseSegments(request.body, this.maxSegments);
      if (tooLong) throw new AppError(tooLong.code, tooLong.status, tooLong.message, tooLong.details);

      const occurredAt = new Date();
      const outcome = await this.writer.sendToRequester(manager, interaction, {
        authorKind: 'agent',
        authorId: request.agentId,
        body: request.body,
        media: request.media,
        messageId: request.messageId,
        occurredAt,
      });
      if (outcome.kind === 'opted_out') throw optedOutError(outcome.optOut);
      return {
        interactionId: interaction.id,
        messageId: request.messageId,
        occurredAt: occurredAt.toISOString(),
        deliveryStatus: 'queued',
      };
    });
  }
}
