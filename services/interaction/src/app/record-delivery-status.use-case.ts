import { type EnvelopeOf, isDeliveryStatusAdvance } from '@threadline/contracts';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { derivedMessageId } from '../domain/derived-id';
import { isOptOutRefusal } from '../domain/opt-out-refusal';
import { InteractionRepository } from '../infra/interaction.repository';
import type { RequesterOptOuts } from './requester-opt-outs';
import type { TranscriptWriter } from './transcript-writer';

/**
 * Keeps the transcript's delivery status of an outbound message (SPEC S3), only ever forward. A
 * send the provider refused because the recipient opted out with the carrier opts the pair out
 * here too (SPEC S2), so nothing more is tried.
 */
export class RecordDeliveryStatusUseCase {
  constructor(
    private readonly optOuts: RequesterOptOuts,
    private readonly writer: TranscriptWriter,
  ) {}

  async execute(
    changed: EnvelopeOf<'sms.outbound.status-changed.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const repository = new InteractionRepository(manager);
    const current = await repository.lockDeliveryStatus(changed.data.outboundId);
    // Sends that did not come from a transcript (answers to keywords outside a conversation) have
    // nothing to update, and no pair this service could name.
    if (!current) return;
    if (!isDeliveryStatusAdvance(current.status, changed.data.status)) return;
    await repository.setDeliveryStatus(
      changed.data.outboundId,
      changed.data.status,
      changed.data.errorCode,
      changed.data.reason ?? null,
    );
    if (isOptOutRefusal(changed.data)) await this.optOutAfterRefusal(changed, manager, logger);
  }

  private async optOutAfterRefusal(
    changed: EnvelopeOf<'sms.outbound.status-changed.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const interaction = await new InteractionRepository(manager).findByMessage(changed.data.outboundId);
    if (!interaction) return;
    const optedOut = await this.optOuts.change(manager, interaction, {
      optedOut: true,
      source: 'provider',
      keyword: null,
      occurredAt: new Date(changed.occurredAt),
      interactionId: interaction.id,
      causationId: changed.id,
    });
    if (!optedOut) return;
    logger.info(
      { interactionId: interaction.id, errorCode: changed.data.errorCode },
      'the provider refused a send to an opted-out recipient: the pair is opted out',
    );
    await this.writer.noteForAgents(manager, interaction, {
      body: `The requester has opted out with their carrier (the provider refused a message, error ${changed.data.errorCode ?? 'RECIPIENT_OPTED_OUT'}). Nothing more is sent to this number.`,
      messageId: derivedMessageId(changed.data.outboundId, 'provider-opt-out'),
      causationId: changed.id,
    });
  }
}
