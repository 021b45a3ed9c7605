import type { PayloadOf } from '@threadline/contracts';
import {
  type EventMeta,
  isLater,
  onConversationAssigned,
  onConversationCreated,
  onDeliveryStatus,
  onMessageAppended,
  onMessageSeen,
  onOfferAccepted,
  onOfferCreated,
  onOfferItemClosed,
  onOfferTakenBack,
  displacedOfferAgent,
  onRequesterChanged,
  onStateChanged,
} from './projections';
import {
  type ConversationRecord,
  emptyConversation,
  type MessageRecord,
  type OfferRecord,
} from './read-model';

const INTERACTION = '01970000-0000-7000-8000-0000000000c1';
const WORK_ITEM = '01970000-0000-7000-8000-0000000000d1';
const PROFILE = '01970000-0000-7000-8000-0000000000e1';
const ADA = '01970000-0000-7000-8000-00000000b001';
const GRACE = '01970000-0000-7000-8000-00000000b002';
const GUEST = '01970000-0000-7000-8000-000000000001';
const ALICE = '01970000-0000-7000-8000-00000000a001';
const BOB = '01970000-0000-7000-8000-00000000a002';

/** Event ids in creation order, as uuid v7 would give them. */
const id = (n: number) => `01970000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const meta = (n: number, at = `2025-01-01T10:00:0${n % 10}.000Z`): EventMeta => ({
  id: id(n),
  occurredAt: new Date(at),
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

const created: PayloadOf<'interaction.conversation.created.v1'> = {
  interactionId: INTERACTION,
  channel: 'sms',
  requesterAddress: '+15551230001',
  companyAddress: '+15550100001',
  requesterUserId: ADA,
  profileId: PROFILE,
  initiatedBy: 'requester',
  state: 'new',
  identityConflict: true,
  identityConflictReason: 'several_users',
};

/** SPEC P5: an agent pointed the conversation's profile at `userId`. */
function requesterChanged(userId: string): PayloadOf<'interaction.conversation.requester-changed.v1'> {
  return {
    interactionId: INTERACTION,
    profileId: PROFILE,
    requesterAddress: created.requesterAddress,
    requesterUserId: userId,
    identityConflict: false,
    identityConflictReason: null,
    auditId: '01970000-0000-7000-8000-0000000000f1',
  };
}

function inbound(
  messageId: string,
  at: string,
  sequence: number,
): PayloadOf<'interaction.message.appended.v1'> {
  return {
    interactionId: INTERACTION,
    messageId,
    direction: 'inbound',
    author: { kind: 'requester', id: created.requesterUserId },
    body: `body of ${messageId}`,
    media: [],
    occurredAt: at,
    gatewaySequence: sequence,
  };
}

type ConversationEvent = (
  conversation: ConversationRecord,
  messages: Map<string, MessageRecord>,
) => ConversationRecord;

/** What the projector does with a message: store it, then mark the conversation if it is new. */
function seeMessage(data: PayloadOf<'interaction.message.appended.v1'>): ConversationEvent {
  return (conversation, messages) => {
    const before = messages.get(data.messageId) ?? null;
    const after = onMessageAppended(before, data);
    messages.set(data.messageId, after);
    return onMessageSeen(conversation, after, before === null || before.occurredAt === null);
  };
}

describe('conversation projection', () => {
  const events: Record<string, ConversationEvent> = {
    created: (c) => onConversationCreated(c, created, meta(1)),
    first: seeMessage(inbound(id(101), '2025-01-01T10:00:01.000Z', 7)),
    second: seeMessage(inbound(id(102), '2025-01-01T10:00:05.000Z', 8)),
    assigned: (c) =>
      onConversationAssigned(
        c,
        { workItemId: WORK_ITEM, interactionId: INTERACTION, agentId: ALICE },
        meta(3),
      ),
    corrected: (c) => onRequesterChanged(c, requesterChanged(GRACE), meta(5)),
    working: (c) =>
      onStateChanged(
        c,
        { interactionId: INTERACTION, from: 'new', to: 'work_in_progress', assigneeId: ALICE },
        meta(4),
      ),
    closed: (c) =>
      onStateChanged(
        c,
        { interactionId: INTERACTION, from: 'work_in_progress', to: 'closed_complete', assigneeId: ALICE },
        meta(6),
      ),
  };

  function fold(order: string[]): ConversationRecord {
    const messages = new Map<string, MessageRecord>();
    return order.reduce((c, name) => events[name]!(c, messages), emptyConversation(INTERACTION));
  }

  it('ends the same whatever order the events arrive in', () => {
    const expected = fold(Object.keys(events));
    expect(expected).toMatchObject({
      state: 'closed_complete',
      assigneeId: ALICE,
      unreadCount: 2,
      requesterAddress: '+15551230001',
      requesterUserId: GRACE,
      profileId: PROFILE,
      identityConflict: false,
      identityConflictReason: null,
      requesterEventId: id(5),
      lastActivityAt: new Date('2025-01-01T10:00:05.000Z'),
      createdAt: new Date('2025-01-01T10:00:01.000Z'),
    });
    for (const order of permutations(Object.keys(events))) expect(fold(order)).toEqual(expected);
  });

  it('P4: shows the conflict and its reason, and the profile, as the conversation was created', () => {
    expect(events.created!(emptyConversation(INTERACTION), new Map())).toMatchObject({
      requesterUserId: ADA,
      profileId: PROFILE,
      identityConflict: true,
      identityConflictReason: 'several_users',
      requesterEventId: id(1),
    });
  });

  it('reads a created event without a conflict reason (sent before reasons existed) as none', () => {
    const { identityConflictReason: _omitted, ...older } = created;
    expect(onConversationCreated(emptyConversation(INTERACTION), older, meta(1))).toMatchObject({
      identityConflict: true,
      identityConflictReason: null,
    });
  });

  it('P5: keeps a requester change that arrived before its conversation', () => {
    const early = onRequesterChanged(emptyConversation(INTERACTION), requesterChanged(GRACE), meta(5));
    expect(early).toMatchObject({ requesterUserId: GRACE, requesterAddress: '+15551230001' });
    expect(onConversationCreated(early, created, meta(1))).toMatchObject({
      requesterUserId: GRACE,
      identityConflict: false,
      identityConflictReason: null,
      state: 'new',
      companyAddress: '+15550100001',
      requesterEventId: id(5),
    });
  });

  it('P5: never lets an older requester change overwrite a later one, in either order', () => {
    const toGuest = (c: ConversationRecord) => onRequesterChanged(c, requesterChanged(GUEST), meta(5));
    const backToGrace = (c: ConversationRecord) => onRequesterChanged(c, requesterChanged(GRACE), meta(7));
    const start = events.created!(emptyConversation(INTERACTION), new Map());
    const inOrder = backToGrace(toGuest(start));
    expect(inOrder).toMatchObject({ requesterUserId: GRACE, requesterEventId: id(7) });
    expect(toGuest(backToGrace(start))).toEqual(inOrder);
  });

  it('P5: returns the very same record for a stale requester change, so nothing is pushed', () => {
    const later = onRequesterChanged(emptyConversation(INTERACTION), requesterChanged(GRACE), meta(7));
    expect(onRequesterChanged(later, requesterChanged(GUEST), meta(5))).toBe(later);
    expect(onRequesterChanged(later, requesterChanged(GRACE), meta(7))).toBe(later);
  });

  it('I3: marks a new requester message unread once, however often it is delivered', () => {
    const messages = new Map<string, MessageRecord>();
    const message = seeMessage(inbound(id(101), '2025-01-01T10:00:01.000Z', 7));
    const once = message(emptyConversation(INTERACTION), messages);
    expect(message(once, messages).unreadCount).toBe(1);
  });

  it('does not mark an agent reply unread', () => {
    const reply: PayloadOf<'interaction.message.appended.v1'> = {
      ...inbound(id(103), '2025-01-01T10:00:09.000Z', 1),
      direction: 'outbound',
      author: { kind: 'agent', id: ALICE },
      gatewaySequence: null,
    };
    const conversation = seeMessage(reply)(emptyConversation(INTERACTION), new Map());
    expect(conversation).toMatchObject({ unreadCount: 0, lastActivityAt: null });
  });

  it('keeps the state of the later event when an older one arrives last', () => {
    const closed = events.closed!(emptyConversation(INTERACTION), new Map());
    expect(events.working!(closed, new Map())).toEqual(closed);
    expect(isLater(id(6), id(4))).toBe(true);
    expect(isLater(id(4), id(6))).toBe(false);
  });
});

describe('offer projection', () => {
  const offer =
    (agentId: string, n: number): ((current: OfferRecord | null) => OfferRecord) =>
    (current) =>
      onOfferCreated(
        current,
        {
          workItemId: WORK_ITEM,
          interactionId: INTERACTION,
          agentId,
          expiresAt: `2025-01-01T10:01:0${n}.000Z`,
        },
        meta(n),
      );
  const acceptedBy =
    (agentId: string, n: number) =>
    (current: OfferRecord | null): OfferRecord =>
      onOfferAccepted(current, { workItemId: WORK_ITEM, interactionId: INTERACTION, agentId }, meta(n));
  const acceptedByBob = acceptedBy(BOB, 3);

  it('keeps the latest offer pending until it is accepted', () => {
    expect(offer(BOB, 2)(offer(ALICE, 1)(null))).toMatchObject({ agentId: BOB, state: 'pending' });
    expect(offer(ALICE, 1)(offer(BOB, 2)(null))).toMatchObject({ agentId: BOB, state: 'pending' });
  });

  it('ends the same whatever order a re-offer and its acceptance arrive in', () => {
    const steps = { alice: offer(ALICE, 1), bob: offer(BOB, 2), accepted: acceptedByBob };
    const fold = (order: Array<keyof typeof steps>) =>
      order.reduce<OfferRecord | null>((current, name) => steps[name](current), null);
    const expected = fold(['alice', 'bob', 'accepted']);
    expect(expected).toEqual({
      workItemId: WORK_ITEM,
      interactionId: INTERACTION,
      agentId: BOB,
      offeredAt: new Date('2025-01-01T10:00:02.000Z'),
      expiresAt: new Date('2025-01-01T10:01:02.000Z'),
      state: 'accepted',
      offerEventId: id(2),
      acceptedEventId: id(3),
    });
    for (const order of permutations<keyof typeof steps>(['alice', 'bob', 'accepted']))
      expect(fold(order)).toEqual(expected);
  });

  it('orders two offers made in the same millisecond by their event ids', () => {
    const sameInstant = (agentId: string, n: number) => (current: OfferRecord | null) =>
      onOfferCreated(
        current,
        { workItemId: WORK_ITEM, interactionId: INTERACTION, agentId, expiresAt: '2025-01-01T10:01:00.000Z' },
        meta(n, '2025-01-01T10:00:00.000Z'),
      );
    expect(sameInstant(BOB, 1)(sameInstant(ALICE, 2)(null)).agentId).toBe(ALICE);
    expect(sameInstant(ALICE, 2)(sameInstant(BOB, 1)(null)).agentId).toBe(ALICE);
  });

  it('never makes an accepted offer pending again with an offer older than the acceptance', () => {
    expect(offer(BOB, 2)(acceptedBy(BOB, 6)(null)).state).toBe('accepted');
    expect(offer(ALICE, 5)(acceptedBy(BOB, 6)(null))).toMatchObject({ agentId: BOB, state: 'accepted' });
  });

  describe('W9, W10: offered again after it was accepted (given back, or transferred)', () => {
    const steps = { aliceOffer: offer(ALICE, 1), accepted: acceptedBy(ALICE, 2), bobOffer: offer(BOB, 5) };
    const fold = (order: Array<keyof typeof steps>) =>
      order.reduce<OfferRecord | null>((current, name) => steps[name](current), null);

    it('the later offer stands, to bob, whatever order the three events arrive in', () => {
      const expected = fold(['aliceOffer', 'accepted', 'bobOffer']);
      expect(expected).toEqual({
        workItemId: WORK_ITEM,
        interactionId: INTERACTION,
        agentId: BOB,
        offeredAt: new Date('2025-01-01T10:00:05.000Z'),
        expiresAt: new Date('2025-01-01T10:01:05.000Z'),
        state: 'pending',
        offerEventId: id(5),
        acceptedEventId: null,
      });
      for (const order of permutations<keyof typeof steps>(['aliceOffer', 'accepted', 'bobOffer']))
        expect(fold(order)).toEqual(expected);
    });

    it('an offer to the agent who held it before is pending again too (they came back)', () => {
      expect(offer(ALICE, 5)(acceptedBy(ALICE, 2)(offer(ALICE, 1)(null)))).toMatchObject({
        agentId: ALICE,
        state: 'pending',
        offerEventId: id(5),
      });
    });

    it('bob accepting it then makes it accepted by bob; alice’s late acceptance changes nothing', () => {
      const bobs = acceptedBy(BOB, 6)(fold(['aliceOffer', 'accepted', 'bobOffer']));
      expect(bobs).toMatchObject({ agentId: BOB, state: 'accepted', acceptedEventId: id(6) });
      expect(acceptedBy(ALICE, 2)(bobs)).toBe(bobs);
    });
  });

  describe('W6: the offer was rejected or timed out (routing put the item back in its queue)', () => {
    it('stops standing at that moment; the Inbox no longer lists it', () => {
      const standing = offer(BOB, 1)(null);
      expect(onOfferTakenBack(standing, meta(5, '2025-01-01T10:00:30.000Z'))).toEqual({
        ...standing,
        state: 'taken_back',
        expiresAt: new Date('2025-01-01T10:00:30.000Z'),
        offerEventId: id(5),
      });
    });

    it('the requeue and the next offer (to bob) end the same in either order; alice learns once either way', () => {
      const requeue = (current: OfferRecord | null) => onOfferTakenBack(current, meta(5)) ?? current;
      const aliceOffer = offer(ALICE, 1)(null);
      const requeueFirst = offer(BOB, 7)(requeue(aliceOffer));
      const offerFirst = requeue(offer(BOB, 7)(aliceOffer));
      expect(offerFirst).toEqual(requeueFirst);
      expect(requeueFirst).toMatchObject({ agentId: BOB, state: 'pending' });
      // Requeue first: the requeue withdraws alice's offer, and bob's offer displaces nobody.
      expect(onOfferTakenBack(aliceOffer, meta(5))?.agentId).toBe(ALICE);
      expect(displacedOfferAgent(requeue(aliceOffer), requeueFirst)).toBeNull();
      // Bob's offer first: it displaces alice's standing offer, and the requeue then finds nothing.
      expect(displacedOfferAgent(aliceOffer, offer(BOB, 7)(aliceOffer))).toBe(ALICE);
      expect(onOfferTakenBack(offer(BOB, 7)(aliceOffer), meta(5))).toBeNull();
    });

    it('displaces nobody when the same agent is offered again, the offer is redelivered, or an older one arrives', () => {
      const aliceOffer = offer(ALICE, 1)(null);
      expect(displacedOfferAgent(aliceOffer, offer(ALICE, 7)(aliceOffer))).toBeNull();
      expect(displacedOfferAgent(aliceOffer, offer(ALICE, 1)(aliceOffer))).toBeNull();
      const bobOffer = offer(BOB, 7)(null);
      expect(displacedOfferAgent(bobOffer, offer(ALICE, 1)(bobOffer))).toBeNull();
      expect(displacedOfferAgent(null, aliceOffer)).toBeNull();
      expect(displacedOfferAgent(acceptedByBob(null), offer(ALICE, 7)(acceptedByBob(null)))).toBeNull();
    });

    it('a taken-back offer is not withdrawn again when its conversation ends', () => {
      const takenBack = onOfferTakenBack(offer(BOB, 1)(null), meta(5))!;
      expect(
        onOfferItemClosed(takenBack, {
          workItemId: WORK_ITEM,
          interactionId: INTERACTION,
          agentId: null,
          reason: 'interaction_closed',
        }),
      ).toBeNull();
    });

    it('a later offer of the item, to another agent, is pending again', () => {
      const takenBack = onOfferTakenBack(offer(BOB, 1)(null), meta(5))!;
      expect(offer(ALICE, 7)(takenBack)).toMatchObject({ agentId: ALICE, state: 'pending' });
    });

    it('leaves alone an offer newer than the requeue (it arrived first), and an accepted one', () => {
      expect(onOfferTakenBack(offer(ALICE, 7)(null), meta(5))).toBeNull();
      expect(onOfferTakenBack(acceptedByBob(null), meta(5))).toBeNull();
      expect(onOfferTakenBack(null, meta(5))).toBeNull();
    });
  });

  describe('the conversation ended before anyone accepted (routing closed the item)', () => {
    const closed = (agentId: string | null) => (current: OfferRecord | null) =>
      onOfferItemClosed(current, {
        workItemId: WORK_ITEM,
        interactionId: INTERACTION,
        agentId,
        reason: 'interaction_closed',
      });

    it('I1: withdraws the pending offer, which leaves the Inbox', () => {
      expect(closed(BOB)(offer(BOB, 1)(null))).toMatchObject({ agentId: BOB, state: 'withdrawn' });
    });

    it('withdraws it whichever of the offer and the close arrives first', () => {
      const closedFirst = closed(BOB)(null);
      expect(closedFirst).toMatchObject({ state: 'withdrawn', agentId: BOB });
      expect(offer(BOB, 1)(closedFirst)).toMatchObject({ state: 'withdrawn' });
    });

    it('leaves an accepted offer as it is, and has nothing to do for an item offered to nobody', () => {
      expect(closed(BOB)(acceptedByBob(null))).toBeNull();
      expect(closed(null)(null)).toBeNull();
    });
  });
});

describe('message projection', () => {
  const MESSAGE = id(201);
  const reply: PayloadOf<'interaction.message.appended.v1'> = {
    interactionId: INTERACTION,
    messageId: MESSAGE,
    direction: 'outbound',
    author: { kind: 'agent', id: ALICE },
    body: 'Hello, how can I help?',
    media: [],
    occurredAt: '2025-01-01T10:00:09.000Z',
    gatewaySequence: null,
  };
  const status =
    (value: PayloadOf<'sms.outbound.status-changed.v1'>['status'], errorCode: string | null = null) =>
    (current: MessageRecord | null) =>
      onDeliveryStatus(current, {
        outboundId: MESSAGE,
        providerMessageId: 'SM1',
        status: value,
        errorCode,
        interactionId: INTERACTION,
      }).record;

  it('S3: starts an agent reply as queued', () => {
    expect(onMessageAppended(null, reply)).toMatchObject({ deliveryStatus: 'queued', body: reply.body });
  });

  it('S1: keeps whether the requester saw the message; an event from before visibility existed is requester-visible', () => {
    expect(onMessageAppended(null, { ...reply, visibility: 'agents_only' }).visibility).toBe('agents_only');
    expect(onMessageAppended(null, reply).visibility).toBe('requester_visible');
  });

  it('S1: an agents-only note does not mark the conversation unread', () => {
    const note = onMessageAppended(null, {
      ...reply,
      direction: 'internal',
      author: { kind: 'system', id: null },
      visibility: 'agents_only',
    });
    const conversation = emptyConversation(INTERACTION);
    expect(onMessageSeen(conversation, note, true)).toBe(conversation);
  });

  it('gives no delivery status to requester messages', () => {
    expect(onMessageAppended(null, { ...reply, direction: 'inbound' }).deliveryStatus).toBeNull();
  });

  it('S3: ends the same whatever order the message and its statuses arrive in', () => {
    const steps = {
      message: (current: MessageRecord | null) => onMessageAppended(current, reply),
      sent: status('sent'),
      undelivered: status('undelivered', '30003'),
    };
    const fold = (order: Array<keyof typeof steps>) =>
      order.reduce<MessageRecord | null>((current, name) => steps[name](current), null);
    const expected = fold(['message', 'sent', 'undelivered']);
    expect(expected).toMatchObject({ deliveryStatus: 'undelivered', errorCode: '30003', body: reply.body });
    for (const order of permutations<keyof typeof steps>(['message', 'sent', 'undelivered']))
      expect(fold(order)).toEqual(expected);
  });

  it('S3: keeps the stable failure reason beside the error code; an event without one has none', () => {
    const failed = onDeliveryStatus(onMessageAppended(null, reply), {
      outboundId: MESSAGE,
      providerMessageId: null,
      status: 'failed',
      errorCode: '21610',
      reason: 'RECIPIENT_OPTED_OUT',
      interactionId: INTERACTION,
    }).record;
    expect(failed).toMatchObject({ errorCode: '21610', failureReason: 'RECIPIENT_OPTED_OUT' });
    expect(status('undelivered', '30003')(onMessageAppended(null, reply)).failureReason).toBeNull();
  });

  it('S3: ignores a status that would move backwards', () => {
    const delivered = status('delivered')(onMessageAppended(null, reply));
    const result = onDeliveryStatus(delivered, {
      outboundId: MESSAGE,
      providerMessageId: 'SM1',
      status: 'sent',
      errorCode: null,
      interactionId: INTERACTION,
    });
    expect(result.changed).toBe(false);
    expect(result.record.deliveryStatus).toBe('delivered');
  });

  it('keeps a status that came first as a placeholder outside the transcript', () => {
    expect(status('sent')(null)).toMatchObject({
      messageId: MESSAGE,
      interactionId: INTERACTION,
      deliveryStatus: 'sent',
      body: null,
      occurredAt: null,
    });
  });
});
