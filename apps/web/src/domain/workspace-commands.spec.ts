// The workspace reducer's answers to the agent's own commands (a state change, a sent reply) and
// how a reply's delivery status only moves forward; workspace.spec.ts has the rest.
import type { ConversationSummary, TranscriptMessage } from '../api/types';
import { initialWorkspace, workspaceReducer, type WorkspaceState } from './workspace';

const summary: ConversationSummary = {
  interactionId: 'i-1',
  state: 'work_in_progress',
  assigneeId: 'a-1',
  requesterAddress: '+15551230001',
  companyAddress: '+15550100001',
  requesterUserId: null,
  profileId: null,
  identityConflict: false,
  identityConflictReason: null,
  firstMessage: 'Hi',
  lastActivityAt: '2026-03-01T10:00:00.000Z',
  unreadCount: 0,
  createdAt: '2026-03-01T10:00:00.000Z',
};

function line(overrides: Partial<TranscriptMessage> = {}): TranscriptMessage {
  return {
    messageId: 'm-2',
    direction: 'outbound',
    author: { kind: 'agent', id: 'a-1' },
    body: 'On it',
    occurredAt: '2026-03-01T10:01:00.000Z',
    gatewaySequence: null,
    deliveryStatus: 'queued',
    errorCode: null,
    failureReason: null,
    visibility: 'requester_visible',
    media: [],
    ...overrides,
  };
}

function loaded(): WorkspaceState {
  return workspaceReducer(initialWorkspace('a-1'), {
    type: 'conversation.loaded',
    detail: {
      interaction: {
        ...summary,
        queue: null,
        closedAt: null,
        closedCause: null,
        closedBy: null,
        participantIds: [],
        awaitingReplySince: null,
      },
      requesterOptedOut: null,
      messages: [
        line({
          messageId: 'm-1',
          direction: 'inbound',
          author: { kind: 'requester', id: null },
          occurredAt: '2026-03-01T10:00:00.000Z',
          deliveryStatus: null,
        }),
      ],
    },
  });
}

describe('conversation.changed', () => {
  it('updates the loaded conversation and its Ongoing row', () => {
    const state = workspaceReducer(loaded(), {
      type: 'conversation.changed',
      summary: { ...summary, state: 'on_hold' },
    });
    expect(state.conversations['i-1']?.state).toBe('on_hold');
    expect(state.ongoing['i-1']?.state).toBe('on_hold');
  });

  it('takes an ended or transferred conversation out of Ongoing at once', () => {
    const ended = workspaceReducer(loaded(), {
      type: 'conversation.changed',
      summary: { ...summary, state: 'closed_complete' },
    });
    expect(ended.ongoing['i-1']).toBeUndefined();
    expect(ended.conversations['i-1']?.state).toBe('closed_complete');
    const transferred = workspaceReducer(loaded(), {
      type: 'conversation.changed',
      summary: { ...summary, state: 'new', assigneeId: null },
    });
    expect(transferred.ongoing['i-1']).toBeUndefined();
  });
});

describe('message.sent', () => {
  it('adds the reply to a loaded transcript, in order', () => {
    const state = workspaceReducer(loaded(), { type: 'message.sent', interactionId: 'i-1', message: line() });
    expect(state.transcripts['i-1']?.map((m) => m.messageId)).toEqual(['m-1', 'm-2']);
  });

  it('changes nothing when the push came first, or the transcript is not loaded', () => {
    const once = workspaceReducer(loaded(), { type: 'message.sent', interactionId: 'i-1', message: line() });
    expect(
      workspaceReducer(once, { type: 'message.sent', interactionId: 'i-1', message: line({ body: 'x' }) }),
    ).toBe(once);
    const empty = initialWorkspace('a-1');
    expect(workspaceReducer(empty, { type: 'message.sent', interactionId: 'i-1', message: line() })).toBe(
      empty,
    );
  });
});

describe('a reply’s delivery status', () => {
  const at = '2026-03-01T10:01:00.000Z';

  it('is not set back by its own push arriving after a status push', () => {
    let state = workspaceReducer(loaded(), { type: 'message.sent', interactionId: 'i-1', message: line() });
    state = workspaceReducer(state, {
      type: 'pushed',
      event: {
        type: 'message.status-changed',
        at,
        data: {
          interactionId: 'i-1',
          messageId: 'm-2',
          deliveryStatus: 'delivered',
          errorCode: null,
          failureReason: null,
        },
      },
    });
    state = workspaceReducer(state, {
      type: 'pushed',
      event: {
        type: 'message.appended',
        at,
        data: { interactionId: 'i-1', message: line(), unreadCount: 0 },
      },
    });
    expect(state.transcripts['i-1']?.find((m) => m.messageId === 'm-2')?.deliveryStatus).toBe('delivered');
  });

  it('keeps the error code of a failure', () => {
    let state = workspaceReducer(loaded(), { type: 'message.sent', interactionId: 'i-1', message: line() });
    state = workspaceReducer(state, {
      type: 'pushed',
      event: {
        type: 'message.status-changed',
        at,
        data: {
          interactionId: 'i-1',
          messageId: 'm-2',
          deliveryStatus: 'failed',
          errorCode: '30006',
          failureReason: null,
        },
      },
    });
    state = workspaceReducer(state, {
      type: 'pushed',
      event: {
        type: 'message.appended',
        at,
        data: { interactionId: 'i-1', message: line({ deliveryStatus: 'sent' }), unreadCount: 0 },
      },
    });
    expect(state.transcripts['i-1']?.find((m) => m.messageId === 'm-2')).toMatchObject({
      deliveryStatus: 'failed',
      errorCode: '30006',
    });
  });

  it('moves forward as pushes say', () => {
    let state = workspaceReducer(loaded(), { type: 'message.sent', interactionId: 'i-1', message: line() });
    state = workspaceReducer(state, {
      type: 'pushed',
      event: {
        type: 'message.appended',
        at,
        data: { interactionId: 'i-1', message: line({ deliveryStatus: 'sent' }), unreadCount: 0 },
      },
    });
    expect(state.transcripts['i-1']?.find((m) => m.messageId === 'm-2')?.deliveryStatus).toBe('sent');
  });
});
