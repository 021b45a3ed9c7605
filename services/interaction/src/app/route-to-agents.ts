import { createEnvelope } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import type { HandoffReason } from '../domain/virtual-agent/virtual-agent';
import type { TranscriptInteraction, TranscriptWriter } from './transcript-writer';

export const WAITING_IN_QUEUE_NOTE = 'Waiting in the queue for an agent.';

/**
 * Hands an interaction to routing (SPEC R1 without a virtual agent, or a virtual agent's
 * handoff): the enqueue command, and an agents-only note that it waits (SPEC S1: queue notices
 * are not sent). Runs in the caller's transaction.
 */
export class RouteToAgents {
  constructor(
    private readonly outbox: Outbox,
    private readonly writer: TranscriptWriter,
  ) {}

  async enqueue(
    manager: EntityManager,
    interaction: TranscriptInteraction & { identityConflict: boolean; requesterIsGuest?: boolean },
    options: {
      noteId: string;
      occurredAt?: Date;
      causationId?: string;
      handoffReason?: HandoffReason;
      /** The virtual agent's topic when it is the one that handed over. */
      topic?: string;
      /** SPEC R4: the agent who held a reopened conversation, offered it first when free. */
      preferredAgentId?: string;
      /** SPEC R4: the state-changed event that reopened it. */
      reopenedBy?: string;
    },
  ): Promise<void> {
    const causationId = options.causationId ?? null;
    await this.outbox.add(manager, [
      createEnvelope(
        'routing.workitem.enqueue.v1',
        {
          interactionId: interaction.id,
          channel: 'sms',
          priority: 0,
          attributes: {
            companyAddress: interaction.companyAddress,
            requesterAddress: interaction.requesterAddress,
            identityConflict: interaction.identityConflict,
            ...(interaction.requesterIsGuest === undefined
              ? {}
              : { requesterIsGuest: interaction.requesterIsGuest }),
            ...(options.handoffReason ? { handoffReason: options.handoffReason } : {}),
            ...(options.topic ? { topic: options.topic } : {}),
          },
          ...(options.preferredAgentId ? { preferredAgentId: options.preferredAgentId } : {}),
          ...(options.reopenedBy ? { reopenedBy: options.reopenedBy } : {}),
        },
        { correlationId: interaction.id, causationId },
      ),
    ]);
    await this.writer.noteForAgents(manager, interaction, {
      body: WAITING_IN_QUEUE_NOTE,
      messageId: options.noteId,
      occurredAt: options.occurredAt,
      causationId: options.causationId,
    });
  }
}
