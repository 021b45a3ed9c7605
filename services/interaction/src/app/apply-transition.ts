import { createEnvelope, type PayloadOf, type queries, type ResponseOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import type { Actor, TransitionAccepted } from '../domain/interaction-transition';
import { type InteractionRow, InteractionRepository } from '../infra/interaction.repository';

export type CommittedStateChange = NonNullable<ResponseOf<typeof queries.changeState>['stateChanged']>;
type EventActor = NonNullable<PayloadOf<'interaction.conversation.state-changed.v1'>['actor']>;

/** The actor as the event names it: roles and assignee-ship are the state machine's business. */
function eventActor(actor: Actor): EventActor {
  return { kind: actor.kind, id: actor.id };
}

function nextAssignee(interaction: InteractionRow, accepted: TransitionAccepted): string | null {
  switch (accepted.assignee.kind) {
    case 'keep':
      return interaction.assigneeId;
    case 'clear':
      return null;
    case 'set':
      return accepted.assignee.agentId;
  }
}

/**
 * Writes what the state machine accepted and records `interaction.conversation.state-changed.v1`
 * in the same transaction (the caller holds the interaction's row lock). Returns the event, so a
 * command's answer can carry it and its caller can show the change at once.
 */
export async function applyTransition(
  manager: EntityManager,
  outbox: Outbox,
  interaction: InteractionRow,
  accepted: TransitionAccepted,
  actor: Actor,
  causationId: string | null,
): Promise<{ row: InteractionRow; committed: CommittedStateChange }> {
  const assigneeId = nextAssignee(interaction, accepted);
  const ends = accepted.cause.endsWith('_ended');
  const event = createEnvelope(
    'interaction.conversation.state-changed.v1',
    {
      interactionId: interaction.id,
      from: interaction.state,
      to: accepted.to,
      assigneeId,
      cause: accepted.cause,
      actor: eventActor(actor),
    },
    { correlationId: interaction.id, causationId },
  );
  const committed = { eventId: event.id, occurredAt: event.occurredAt, data: event.data };
  await new InteractionRepository(manager).applyState(interaction.id, {
    state: accepted.to,
    assigneeId,
    pendingOutcome: accepted.pendingOutcome,
    endedBy: ends ? (actor.id ?? actor.kind) : null,
    event: committed,
  });
  await outbox.add(manager, [event]);
  return {
    row: { ...interaction, state: accepted.to, assigneeId, pendingOutcome: accepted.pendingOutcome },
    committed,
  };
}
