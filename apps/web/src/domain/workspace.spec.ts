import type {
  ConversationSummary,
  InboxOffer,
  InteractionDetail,
  PushEvent,
  TranscriptMessage,
} from '../api/types';
import {
  initialWorkspace,
  ongoingBadge,
  ongoingList,
  workspaceReducer,
  type WorkspaceAction,
  type WorkspaceState,
} from './workspace';

const ME = 'agent-me';
const OTHER = 'agent-other';

function conversation(id: string, overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    interactionId: id,
    state: 'work_in_progress',
    assigneeId: ME,
    requesterAddress: '+15551230001',
    companyAddress: '+15550100001',
    requesterUserId: null,
    profileId: null,
    identityConflict: false,
    identityConflictReason: null,
    firstMessage: 'Hi',
    lastActivityAt: '2026-12-01T10:00:00.000Z',
    unreadCount: 0,
    createdAt: '2026-12-01T09:00:00.000Z',
    ...overrides,
  };
}

/** A conversation's detail as GET /interactions/{id} answers it. */
function overview(id: string): InteractionDetail['interaction'] {
  return {
    ...conversation(id),
    queue: null,
    closedAt: null,
    closedCause: null,
    closedBy: null,
    participantIds: [ME],
    awaitingReplySince: null,
  };
}

function offer(workItemId: string, interactionId: string, offeredAt: string): InboxOffer {
  return {
    workItemId,
    interactionId,
    requesterAddress: '+15551230001',
    companyAddress: '+15550100001',
    requesterUserId: null,
    firstMessage: 'Hi',
    offeredAt,
    expiresAt: '2026-12-01T10:02:00.000Z',
    waitingSinceMs: 1000,
    expiresInMs: 120_000,
  };
}

function message(
  id: string,
  occurredAt: string,
  overrides: Partial<TranscriptMessage> = {},
): TranscriptMessage {
  return {
    messageId: id,
    direction: 'inbound',
    author: { kind: 'requester', id: null },
    body: `body ${id}`,
    occurredAt,
    gatewaySequence: null,
    deliveryStatus: null,
    errorCode: null,
    failureReason: null,
    visibility: 'requester_visible',
    media: [],
    ...overrides,
  };
}

function push(event: PushEvent): WorkspaceAction {
  return { type: 'pushed', event };
}

function run(state: WorkspaceState, ...actions: WorkspaceAction[]): WorkspaceState {
  return actions.reduce(workspaceReducer, state);
}

const AT = '2026-12-01T10:00:00.000Z';

describe('the workspace reducer', () => {
  const synced = run(initialWorkspace(ME), {
    type: 'synced',
    offers: [offer('w2', 'i2', '2026-12-01T10:01:00.000Z'), offer('w1', 'i1', '2026-12-01T10:00:00.000Z')],
    ongoing: [conversation('c1'), conversation('c2', { lastActivityAt: '2026-12-01T11:00:00.000Z' })],
    prompts: [],
  });

  describe('the Inbox (SPEC I1)', () => {
    it('lists offers oldest first', () => {
      expect(synced.offers.map((item) => item.workItemId)).toEqual(['w1', 'w2']);
    });

    it('adds a pushed offer once, even when pushed twice', () => {
      const created = push({
        type: 'offer.created',
        data: offer('w3', 'i3', '2026-12-01T10:05:00.000Z'),
        at: AT,
      });
      expect(run(synced, created, created).offers.map((item) => item.workItemId)).toEqual(['w1', 'w2', 'w3']);
    });

    it('keeps an offer pushed while the lists reloaded, which their answer may not hold yet', () => {
      const late = offer('w3', 'i3', '2026-12-01T10:05:00.000Z');
      const state = run(
        synced,
        { type: 'sync.started' },
        push({ type: 'offer.created', data: late, at: AT }),
        // The answer was made before the offer existed.
        {
          type: 'synced',
          offers: [offer('w1', 'i1', '2026-12-01T10:00:00.000Z')],
          ongoing: [],
          prompts: [],
        },
      );
      expect(state.offers.map((item) => item.workItemId)).toEqual(['w1', 'w3']);
      expect(state.sync).toEqual({ inFlight: 0, pushed: [] });
    });

    it('keeps the pushes of a reload until the last reload in flight answers, and forgets them after a failure', () => {
      const late = offer('w3', 'i3', '2026-12-01T10:05:00.000Z');
      const answer = { type: 'synced' as const, offers: [], ongoing: [], prompts: [] };
      const twoReloads = run(
        synced,
        { type: 'sync.started' },
        { type: 'sync.started' },
        push({ type: 'offer.created', data: late, at: AT }),
        answer,
      );
      expect(twoReloads.sync.inFlight).toBe(1);
      expect(run(twoReloads, answer).offers.map((item) => item.workItemId)).toEqual(['w3']);
      const failed = run(
        synced,
        { type: 'sync.started' },
        push({ type: 'offer.created', data: late, at: AT }),
        {
          type: 'sync.failed',
        },
      );
      expect(failed.sync).toEqual({ inFlight: 0, pushed: [] });
      // Outside a reload nothing is kept.
      expect(run(synced, push({ type: 'offer.created', data: late, at: AT })).sync.pushed).toEqual([]);
    });

    it('fills in an offer pushed again once its first message arrived', () => {
      const bare = { ...offer('w3', 'i3', '2026-12-01T10:05:00.000Z'), firstMessage: null };
      const whole = { ...bare, firstMessage: 'Where is my refund?' };
      const state = run(
        synced,
        push({ type: 'offer.created', data: bare, at: AT }),
        push({ type: 'offer.created', data: whole, at: AT }),
      );
      expect(state.offers.filter((item) => item.workItemId === 'w3')).toEqual([whole]);
    });

    it('drops an offer when it is withdrawn, taken, or its conversation is assigned', () => {
      expect(
        run(
          synced,
          push({ type: 'offer.withdrawn', data: { workItemId: 'w1', interactionId: 'i1' }, at: AT }),
        ).offers,
      ).toHaveLength(1);
      expect(run(synced, { type: 'offer.taken', workItemId: 'w2' }).offers).toHaveLength(1);
      const assigned = push({
        type: 'interaction.updated',
        data: conversation('i1', { assigneeId: OTHER }),
        at: AT,
      });
      expect(run(synced, assigned).offers.map((item) => item.workItemId)).toEqual(['w2']);
    });
  });

  describe('Ongoing (SPEC I2–I4)', () => {
    it('lists the most recently active first', () => {
      expect(ongoingList(synced).map((item) => item.interactionId)).toEqual(['c2', 'c1']);
    });

    it('moves a conversation up and marks it unread when its requester writes (I3)', () => {
      const state = run(
        synced,
        push({
          type: 'message.appended',
          data: { interactionId: 'c1', message: message('m1', '2026-12-01T12:00:00.000Z'), unreadCount: 1 },
          at: AT,
        }),
      );
      expect(ongoingList(state).map((item) => item.interactionId)).toEqual(['c1', 'c2']);
      expect(state.ongoing.c1?.unreadCount).toBe(1);
      expect(ongoingBadge(state)).toBe(1);
    });

    it('never moves the last activity back for a late message', () => {
      const state = run(
        synced,
        push({
          type: 'message.appended',
          data: { interactionId: 'c2', message: message('m0', '2026-12-01T08:00:00.000Z'), unreadCount: 1 },
          at: AT,
        }),
      );
      expect(state.ongoing.c2?.lastActivityAt).toBe('2026-12-01T11:00:00.000Z');
    });

    it('opening a conversation clears its mark, and messages to the one on screen stay read', () => {
      const unread = run(
        synced,
        push({
          type: 'message.appended',
          data: { interactionId: 'c1', message: message('m1', AT), unreadCount: 2 },
          at: AT,
        }),
      );
      const opened = run(unread, { type: 'conversation.opened', interactionId: 'c1' });
      expect(opened.ongoing.c1?.unreadCount).toBe(0);
      expect(ongoingBadge(opened)).toBe(0);
      const another = run(
        opened,
        push({
          type: 'message.appended',
          data: { interactionId: 'c1', message: message('m2', AT), unreadCount: 1 },
          at: AT,
        }),
      );
      expect(another.ongoing.c1?.unreadCount).toBe(0);
      const away = run(
        another,
        { type: 'conversation.shown', interactionId: null },
        push({
          type: 'message.appended',
          data: { interactionId: 'c1', message: message('m3', AT), unreadCount: 1 },
          at: AT,
        }),
      );
      expect(away.ongoing.c1?.unreadCount).toBe(1);
    });

    it('drops a completed conversation at once, and one given to someone else (I4)', () => {
      const completed = push({
        type: 'interaction.updated',
        data: conversation('c1', { state: 'closed_complete' }),
        at: AT,
      });
      expect(Object.keys(run(synced, completed).ongoing)).toEqual(['c2']);
      const transferred = push({
        type: 'interaction.updated',
        data: conversation('c2', { assigneeId: OTHER }),
        at: AT,
      });
      expect(Object.keys(run(synced, transferred).ongoing)).toEqual(['c1']);
    });

    it('adds a conversation assigned to this agent, on hold included', () => {
      const held = push({
        type: 'interaction.updated',
        data: conversation('c3', { state: 'on_hold' }),
        at: AT,
      });
      expect(run(synced, held).ongoing.c3?.state).toBe('on_hold');
    });

    it('keeps only the transcript on screen on a resync: the others reload when shown', () => {
      const loadedTwo = run(
        synced,
        { type: 'conversation.opened', interactionId: 'c1' },
        {
          type: 'conversation.loaded',
          detail: { interaction: overview('c1'), messages: [], requesterOptedOut: null },
        },
        { type: 'conversation.opened', interactionId: 'c2' },
        {
          type: 'conversation.loaded',
          detail: { interaction: overview('c2'), messages: [], requesterOptedOut: null },
        },
      );
      const state = run(loadedTwo, { type: 'synced', offers: [], ongoing: [], prompts: [] });
      expect(Object.keys(state.transcripts)).toEqual(['c2']);
      expect(state.openIds).toEqual(['c1', 'c2']);
      const away = run(loadedTwo, { type: 'conversation.shown', interactionId: null });
      expect(run(away, { type: 'synced', offers: [], ongoing: [], prompts: [] }).transcripts).toEqual({});
    });

    it('replaces the lists on a resync, as after a reconnect', () => {
      const state = run(synced, { type: 'synced', offers: [], ongoing: [conversation('c9')], prompts: [] });
      expect(Object.keys(state.ongoing)).toEqual(['c9']);
      expect(state.offers).toEqual([]);
    });
  });

  describe('conversations open in tabs (SPEC I6) and their transcripts', () => {
    const loaded = run(
      synced,
      { type: 'conversation.opened', interactionId: 'c1' },
      {
        type: 'conversation.loaded',
        detail: {
          interaction: overview('c1'),
          messages: [message('m2', '2026-12-01T10:02:00.000Z'), message('m1', '2026-12-01T10:01:00.000Z')],
          requesterOptedOut: null,
        },
      },
      { type: 'conversation.opened', interactionId: 'c2' },
    );

    it('S2: keeps whether each loaded conversation’s requester opted out, as last fetched', () => {
      const optOut = { since: '2026-12-01T10:03:00.000Z', source: 'keyword' as const, keyword: 'STOP' };
      const reloaded = run(loaded, {
        type: 'conversation.loaded',
        detail: { interaction: overview('c1'), messages: [], requesterOptedOut: optOut },
      });
      expect(reloaded.optOuts).toEqual({ c1: optOut });
      expect(loaded.optOuts).toEqual({ c1: null });
    });

    it('S2: a pushed opt-out or opt-in changes it at once', () => {
      const optOut = { since: '2026-12-01T10:03:00.000Z', source: 'provider' as const, keyword: null };
      const pushed = (requesterOptedOut: typeof optOut | null) =>
        ({
          type: 'pushed',
          event: {
            type: 'requester.opt-out-changed',
            data: { interactionId: 'c1', requesterOptedOut },
            at: '2026-12-01T10:03:01.000Z',
          },
        }) as const;
      const optedOut = run(loaded, pushed(optOut));
      expect(optedOut.optOuts.c1).toEqual(optOut);
      expect(run(optedOut, pushed(null)).optOuts.c1).toBeNull();
    });

    it('keeps every opened conversation open, in the order opened', () => {
      expect(loaded.openIds).toEqual(['c1', 'c2']);
      expect(loaded.activeId).toBe('c2');
      expect(run(loaded, { type: 'conversation.closed', interactionId: 'c1' }).openIds).toEqual(['c2']);
    });

    it('orders a transcript by time and appends pushed messages once', () => {
      expect(loaded.transcripts.c1?.map((line) => line.messageId)).toEqual(['m1', 'm2']);
      const appended = push({
        type: 'message.appended',
        data: { interactionId: 'c1', message: message('m3', '2026-12-01T10:03:00.000Z'), unreadCount: 1 },
        at: AT,
      });
      expect(run(loaded, appended, appended).transcripts.c1?.map((line) => line.messageId)).toEqual([
        'm1',
        'm2',
        'm3',
      ]);
    });

    it('updates a message’s delivery status live (SPEC S3)', () => {
      const state = run(
        loaded,
        push({
          type: 'message.status-changed',
          data: {
            interactionId: 'c1',
            messageId: 'm2',
            deliveryStatus: 'failed',
            errorCode: '30003',
            failureReason: 'UNREACHABLE',
          },
          at: AT,
        }),
      );
      expect(state.transcripts.c1?.find((line) => line.messageId === 'm2')).toMatchObject({
        deliveryStatus: 'failed',
        errorCode: '30003',
        failureReason: 'UNREACHABLE',
      });
    });

    it('keeps the detail of a conversation that ended, for its open tab', () => {
      const ended = run(
        loaded,
        push({ type: 'interaction.updated', data: conversation('c1', { state: 'closed_complete' }), at: AT }),
      );
      expect(ended.conversations.c1?.state).toBe('closed_complete');
      expect(ended.ongoing.c1).toBeUndefined();
    });
  });

  describe('prompts (SPEC M5)', () => {
    const prompt = {
      id: 'p1',
      interactionId: 'c1',
      actionId: 'a1',
      actionName: 'Remind the agent',
      text: 'The requester is waiting',
      deadline: AT,
      createdAt: AT,
      dismissedAt: null,
    };

    it('adds a prompt once and drops it when dismissed', () => {
      const created = push({ type: 'prompt.created', data: prompt, at: AT });
      const state = run(synced, created, created);
      expect(state.prompts).toHaveLength(1);
      expect(
        run(state, push({ type: 'prompt.dismissed', data: { ...prompt, dismissedAt: AT }, at: AT })).prompts,
      ).toEqual([]);
    });

    it('keeps only undismissed prompts on a resync', () => {
      const state = run(synced, {
        type: 'synced',
        offers: [],
        ongoing: [],
        prompts: [prompt, { ...prompt, id: 'p2', dismissedAt: AT }],
      });
      expect(state.prompts.map((item) => item.id)).toEqual(['p1']);
    });
  });

  it('records the socket connection', () => {
    expect(run(synced, { type: 'connection', connection: 'live' }).connection).toBe('live');
  });
});
