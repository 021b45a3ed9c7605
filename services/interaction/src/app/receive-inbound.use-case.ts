import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { InteractionRepository } from '../infra/interaction.repository';

/**
 * An inbound SMS whose requester is known: SPEC R1 (no active interaction for the phone pair:
 * open one and route it) or R2 (append to the active one). The database's one-active-per-pair
 * index settles races: whoever loses the insert appends to the winner's interaction.
 */
export class ReceiveInboundUseCase {
  constructor(private readonly outbox: Outbox) {}

  async execute(
    resolved: EnvelopeOf<'profile.requester.resolved.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const repository = new InteractionRepository(manager);
    const { message } = resolved.data;
    const opened = await repository.insertIfNoneActive({
      id: uuidv7(),
      requesterAddress: message.from,
      companyAddress: message.to,
      requesterUserId: resolved.data.requesterUserId,
      profileId: resolved.data.profileId,
      identityConflict: resolved.data.identityConflict,
      identityConflictReason: resolved.data.identityConflictReason ?? null,
      requesterAuditId: resolved.data.profileChangeId ?? null,
      initiatedBy: 'requester',
      state: 'new',
      assigneeId: null,
    });
    // The row just inserted is ours until commit; otherwise take the existing one's lock, which
    // also orders this append after any other of the pair in flight.
    const interaction = opened ?? (await repository.lockActive(message.from, message.to));
    if (!interaction) throw new Error('the phone pair has no active interaction right after opening one');

    const appended = await repository.appendMessage({
      id: message.messageId,
      interactionId: interaction.id,
      direction: 'inbound',
      authorKind: 'requester',
      authorId: resolved.data.requesterUserId,
      body: message.body,
      media: message.media,
      occurredAt: message.receivedAt,
      gatewaySequence: message.sequence,
      deliveryStatus: null,
    });
    if (!appended) {
      logger.info({ messageId: message.messageId }, 'inbound message already in a transcript');
      return;
    }
    const options = { correlationId: interaction.id, causationId: resolved.id };
    const events = [];
    if (opened) {
      logger.info({ interactionId: interaction.id, rule: 'R1' }, 'interaction opened');
      events.push(
        createEnvelope(
          'interaction.conversation.created.v1',
          {
            interactionId: interaction.id,
            channel: 'sms',
            requesterAddress: message.from,
            companyAddress: message.to,
            requesterUserId: resolved.data.requesterUserId,
            profileId: resolved.data.profileId,
            initiatedBy: 'requester',
            state: 'new',
            identityConflict: resolved.data.identityConflict,
            identityConflictReason: resolved.data.identityConflictReason ?? null,
          },
          options,
        ),
      );
    }
    events.push(
      createEnvelope(
        'interaction.message.appended.v1',
        {
          interactionId: interaction.id,
          messageId: message.messageId,
          direction: 'inbound',
          author: { kind: 'requester', id: resolved.data.requesterUserId },
          body: message.body,
          media: message.media,
          occurredAt: message.receivedAt,
          gatewaySequence: message.sequence,
        },
        options,
      ),
    );
    if (opened) {
      // R1 without a virtual agent (roadmap 1): straight to routing.
      events.push(
        createEnvelope(
          'routing.workitem.enqueue.v1',
          {
            interactionId: interaction.id,
            channel: 'sms',
            priority: 0,
            attributes: {
              companyAddress: message.to,
              requesterAddress: message.from,
              identityConflict: resolved.data.identityConflict,
            },
          },
          options,
        ),
      );
    }
    await this.outbox.add(manager, events);
  }
}
