import type { PayloadOf } from '@threadline/contracts';
import type { EventMeta } from './projections';
import { type ConversationRecord, emptyConversation, emptyMessage, type MessageRecord } from './read-model';
import {
  onConversationStateChanged,
  onParticipantMessage,
  onWorkItemAssigned,
  onWorkItemClosed,
  onWorkItemOffered,
  onWorkItemQueued,
  withParticipant,
} from './supervision-projections';

const INTERACTION = '01970000-0000-7000-8000-0000000000c1';
const WORK_ITEM = '01970000-0000-7000-8000-0000000000d1';
const SUPPORT_QUEUE = '01970000-0000-7000-8000-0000000000f1';
const BILLING_QUEUE = '01970000-0000-7000-8000-0000000000f2';
const ALICE = '01970000-0000-7000-8000-00000000a001';
const BOB = '01970000-0000-7000-8000-00000000a002';
const MARIA = '01970000-0000-7000-8000-00000000a003';

/** Event ids in creation order, as uuid v7 would give them. */
const id = (n: number) => `01970000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const at = (n: number) => new Date(`2025-01-01T10:00:${String(n).padStart(2, '0')}.000Z`);
const meta = (n: number): EventMeta => ({ id: id(n), occurredAt: at(n) });

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

function queued(
  queueId: string,
  queueName: string,
  reason: PayloadOf<'routing.workitem.queued.v1'>['reason'],
): PayloadOf<'routing.workitem.queued.v1'> {
  return {
    workItemId: WORK_ITEM,
    interactionId: INTERACTION,
    queueId,
    queueName,
    priority: 1,
    reason,
    enqueuedAt: at(1).toISOString(),
  };
}

const offered = (agentId: string): PayloadOf<'routing.offer.created.v1'> => ({
  workItemId: WORK_ITEM,
  interactionId: INTERACTION,
  agentId,
  expiresAt: '2025-01-01T10:05:00.000Z',
});

type StateChange = PayloadOf<'interaction.conversation.state-changed.v1'>;
const stateChange = (overrides: Partial<StateChange>): StateChange => ({
  interactionId: INTERACTION,
  from: 'work_in_progress',
  to: 'closed_complete',
  assigneeId: ALICE,
  cause: 'agent_ended',
  actor: { kind: 'agent', id: ALICE },
  ...overrides,
});

function agentMessage(authorId: string): MessageRecord {
  return {
    ...emptyMessage(id(900)),
    interactionId: INTERACTION,
    direction: 'outbound',
    authorKind: 'agent',
    authorId,
    body: 'on it',
    occurredAt: at(7),
  };
}

describe('queue state, closure and participants (SPEC I4, I5)', () => {
  const events: Record<string, (c: ConversationRecord) => ConversationRecord> = {
    queued: (c) => onWorkItemQueued(c, queued(SUPPORT_QUEUE, 'Support', 'new'), meta(2)),
    queuedAgain: (c) => onWorkItemQueued(c, queued(BILLING_QUEUE, 'Billing', 'offer_rejected'), meta(4)),
    offeredToAlice: (c) => onWorkItemOffered(c, offered(ALICE), meta(5)),
    assigned: (c) =>
      onWorkItemAssigned(c, { workItemId: WORK_ITEM, interactionId: INTERACTION, agentId: ALICE }, meta(6)),
    bobWrites: (c) => onParticipantMessage(c, agentMessage(BOB)),
    ended: (c) => onConversationStateChanged(c, stateChange({}), meta(8)),
    closed: (c) =>
      onWorkItemClosed(
        c,
        { workItemId: WORK_ITEM, interactionId: INTERACTION, agentId: ALICE, reason: 'interaction_closed' },
        meta(9),
      ),
  };

  const fold = (order: string[]) =>
    order.reduce((c, name) => events[name]!(c), emptyConversation(INTERACTION));

  it('I4/I5: end the same whatever order the events arrive in', () => {
    const expected = fold(Object.keys(events));
    expect(expected).toMatchObject({
      queueState: 'closed',
      workItemId: WORK_ITEM,
      queueId: BILLING_QUEUE,
      queueName: 'Billing',
      queuePriority: 1,
      queuedAt: at(4),
      enqueuedAt: at(1),
      offeredAgentId: ALICE,
      offeredAt: at(5),
      closedAt: at(8),
      closedCause: 'agent_ended',
      closedByKind: 'agent',
      closedById: ALICE,
      participantIds: [ALICE, BOB],
    });
    for (const order of permutations(Object.keys(events))) expect(fold(order)).toEqual(expected);
  });

  it('I5: the latest routing event decides the queue state, an older one arriving late changes nothing', () => {
    const offeredNow = onWorkItemOffered(
      onWorkItemQueued(emptyConversation(INTERACTION), queued(SUPPORT_QUEUE, 'Support', 'new'), meta(2)),
      offered(BOB),
      meta(3),
    );
    expect(offeredNow).toMatchObject({ queueState: 'offered', offeredAgentId: BOB, queueName: 'Support' });
    const late = onWorkItemQueued(offeredNow, queued(BILLING_QUEUE, 'Billing', 'new'), meta(1));
    expect(late).toBe(offeredNow);
  });

  it('I5: an offer that expired puts the item back in the queue, keeping its age (W8)', () => {
    let c = onWorkItemOffered(emptyConversation(INTERACTION), offered(BOB), meta(3));
    c = onWorkItemQueued(c, queued(SUPPORT_QUEUE, 'Support', 'offer_expired'), meta(4));
    expect(c).toMatchObject({
      queueState: 'queued',
      queuedAt: at(4),
      enqueuedAt: at(1),
      offeredAgentId: BOB,
    });
  });

  it('I4: an agent who was only offered the conversation did not take part in it', () => {
    expect(onWorkItemOffered(emptyConversation(INTERACTION), offered(BOB), meta(3)).participantIds).toEqual(
      [],
    );
  });

  it('I4: the assignee named by a state change takes part, as does an agent who writes (A2)', () => {
    let c = onConversationStateChanged(
      emptyConversation(INTERACTION),
      stateChange({ from: 'new', to: 'work_in_progress', assigneeId: BOB }),
      meta(3),
    );
    c = onParticipantMessage(c, agentMessage(ALICE));
    expect(c.participantIds).toEqual([ALICE, BOB]);
    expect(c.closedAt).toBeNull();
  });

  it('I4: a requester, virtual agent or system message makes nobody a participant', () => {
    const c = emptyConversation(INTERACTION);
    for (const kind of ['requester', 'virtual_agent', 'system'] as const) {
      expect(onParticipantMessage(c, { ...agentMessage(ALICE), authorKind: kind })).toBe(c);
    }
  });

  it('I5: a manager who ends it is named with the cause', () => {
    const c = onConversationStateChanged(
      emptyConversation(INTERACTION),
      stateChange({ to: 'closed_abandoned', cause: 'manager_ended', actor: { kind: 'agent', id: MARIA } }),
      meta(8),
    );
    expect(c).toMatchObject({
      closedAt: at(8),
      closedCause: 'manager_ended',
      closedByKind: 'agent',
      closedById: MARIA,
      participantIds: [ALICE],
    });
  });

  it('I4: a state change from before cause and actor existed closes it with neither', () => {
    const { cause: _cause, actor: _actor, ...old } = stateChange({});
    expect(onConversationStateChanged(emptyConversation(INTERACTION), old, meta(8))).toMatchObject({
      closedAt: at(8),
      closedCause: null,
      closedByKind: null,
      closedById: null,
    });
  });

  it('R4: a later state change that reopens it clears the end; the older end arriving late does not restore it', () => {
    const reopen = (c: ConversationRecord) =>
      onConversationStateChanged(
        c,
        stateChange({ from: 'closed_complete', to: 'work_in_progress', cause: 'requester_reopened' }),
        meta(9),
      );
    const end = (c: ConversationRecord) => onConversationStateChanged(c, stateChange({}), meta(8));
    const empty = emptyConversation(INTERACTION);
    expect(reopen(end(empty))).toMatchObject({ closedAt: null, closedCause: null, closureEventId: id(9) });
    expect(end(reopen(empty))).toEqual(reopen(end(empty)));
  });

  it('returns the stored record itself when nothing changes, so the caller can skip the write', () => {
    const c = withParticipant(emptyConversation(INTERACTION), ALICE);
    expect(withParticipant(c, ALICE)).toBe(c);
    expect(withParticipant(c, null)).toBe(c);
  });
});
