import type { InteractionTimer, TranscriptMessage } from '../api/types';
import {
  authorLabel,
  conversationActions,
  deliveryStatusText,
  identityConflictText,
  isDeliveryProblem,
  lastSnippet,
  optedOutText,
  stateLabel,
  timerDescription,
  transcriptDays,
} from './conversation';

function message(overrides: Partial<TranscriptMessage> = {}): TranscriptMessage {
  return {
    messageId: 'm-1',
    direction: 'inbound',
    author: { kind: 'requester', id: null },
    body: 'Hello',
    occurredAt: '2026-03-01T10:00:00.000Z',
    gatewaySequence: 1,
    deliveryStatus: null,
    errorCode: null,
    failureReason: null,
    visibility: 'requester_visible',
    media: [],
    ...overrides,
  };
}

describe('authorLabel', () => {
  it('names each kind of author, the signed-in agent as You', () => {
    expect(authorLabel(message(), 'a-1')).toBe('Requester');
    expect(authorLabel(message({ author: { kind: 'agent', id: 'a-1' } }), 'a-1')).toBe('You');
    expect(authorLabel(message({ author: { kind: 'agent', id: 'a-2' } }), 'a-1')).toBe('Agent');
    expect(authorLabel(message({ author: { kind: 'virtual_agent', id: null } }), 'a-1')).toBe(
      'Virtual agent',
    );
    expect(authorLabel(message({ author: { kind: 'system', id: null } }), 'a-1')).toBe('System');
  });
});

describe('deliveryStatusText', () => {
  it('says each status in words', () => {
    expect(deliveryStatusText('queued', null)).toBe('Queued');
    expect(deliveryStatusText('sent', null)).toBe('Sent');
    expect(deliveryStatusText('delivered', null)).toBe('Delivered');
    expect(deliveryStatusText('undelivered', null)).toBe('Not delivered');
    expect(deliveryStatusText('failed', null)).toBe('Failed');
  });

  it('adds the provider’s error code to a failure only', () => {
    expect(deliveryStatusText('failed', '30006')).toBe('Failed (error 30006)');
    expect(deliveryStatusText('undelivered', '30003')).toBe('Not delivered (error 30003)');
    expect(deliveryStatusText('delivered', '30003')).toBe('Delivered');
  });

  it('S3: words the stable reason and keeps the provider’s code beside it', () => {
    expect(deliveryStatusText('failed', '21610', 'RECIPIENT_OPTED_OUT')).toBe(
      'Failed: the number opted out (21610)',
    );
    expect(deliveryStatusText('undelivered', '30003', 'UNREACHABLE')).toBe(
      'Not delivered: the phone could not be reached (30003)',
    );
    expect(deliveryStatusText('failed', null, 'PROVIDER_UNAVAILABLE')).toBe(
      'Failed: the SMS provider was unavailable',
    );
    expect(deliveryStatusText('delivered', null, null)).toBe('Delivered');
  });

  it('tells the failures apart', () => {
    expect(
      ['queued', 'sent', 'delivered', 'undelivered', 'failed'].filter((s) => isDeliveryProblem(s as never)),
    ).toEqual(['undelivered', 'failed']);
  });
});

describe('stateLabel', () => {
  it('says every state in words', () => {
    expect(stateLabel('new')).toBe('New');
    expect(stateLabel('work_in_progress')).toBe('In progress');
    expect(stateLabel('on_hold')).toBe('On hold');
    expect(stateLabel('wrap_up')).toBe('Wrapping up');
    expect(stateLabel('closed_complete')).toBe('Completed');
    expect(stateLabel('closed_abandoned')).toBe('Abandoned');
    expect(stateLabel(null)).toBe('Unknown');
  });
});

describe('identityConflictText', () => {
  it('is null without a conflict', () => {
    expect(identityConflictText({ identityConflict: false, identityConflictReason: null })).toBeNull();
  });

  it('explains each reason differently', () => {
    const texts = (['several_users', 'directory_disagrees', 'profile_user_inactive'] as const).map((reason) =>
      identityConflictText({ identityConflict: true, identityConflictReason: reason }),
    );
    expect(texts[0]).toMatch(/Several people/);
    expect(texts[1]).toMatch(/different person/);
    expect(texts[2]).toMatch(/no longer active/);
  });

  it('still says something when the reason is missing', () => {
    expect(identityConflictText({ identityConflict: true, identityConflictReason: null })).toMatch(
      /disagree/,
    );
  });
});

describe('conversationActions', () => {
  const none = { reply: false, end: false, hold: false, resume: false, transfer: false, wrapUp: false };

  it('lets the assignee reply, end, hold and transfer while in progress', () => {
    expect(conversationActions({ state: 'work_in_progress', assigneeId: 'a-1' }, 'a-1')).toEqual({
      ...none,
      reply: true,
      end: true,
      hold: true,
      transfer: true,
    });
  });

  it('lets the assignee resume, not hold, while on hold', () => {
    expect(conversationActions({ state: 'on_hold', assigneeId: 'a-1' }, 'a-1')).toEqual({
      ...none,
      reply: true,
      end: true,
      resume: true,
      transfer: true,
    });
  });

  it('offers only wrap-up while wrapping up (and replies)', () => {
    expect(conversationActions({ state: 'wrap_up', assigneeId: 'a-1' }, 'a-1')).toEqual({
      ...none,
      reply: true,
      wrapUp: true,
    });
  });

  it('allows nothing once closed', () => {
    expect(conversationActions({ state: 'closed_complete', assigneeId: 'a-1' }, 'a-1')).toEqual(none);
    expect(conversationActions({ state: 'closed_abandoned', assigneeId: 'a-1' }, 'a-1')).toEqual(none);
  });

  it('allows nothing on someone else’s conversation', () => {
    expect(conversationActions({ state: 'work_in_progress', assigneeId: 'a-2' }, 'a-1')).toEqual(none);
    expect(conversationActions({ state: 'new', assigneeId: null }, 'a-1')).toEqual(none);
  });

  it('lets a manager act on anyone’s held conversation, but not reply', () => {
    expect(conversationActions({ state: 'work_in_progress', assigneeId: 'a-2' }, 'm-1', true)).toEqual({
      ...none,
      end: true,
      hold: true,
      transfer: true,
    });
  });
});

describe('lastSnippet', () => {
  it('falls back to the first message without a transcript', () => {
    expect(lastSnippet(undefined, 'First')).toBe('First');
    expect(lastSnippet(undefined, null)).toBeNull();
  });

  it('takes the newest message the requester sees, skipping notes for agents', () => {
    const transcript = [
      message({ messageId: 'm-1', body: 'Hello' }),
      message({
        messageId: 'm-2',
        body: 'Thanks, looking',
        direction: 'outbound',
        author: { kind: 'agent', id: 'a' },
      }),
      message({
        messageId: 'm-3',
        body: 'Alice joined',
        visibility: 'agents_only',
        author: { kind: 'system', id: null },
      }),
    ];
    expect(lastSnippet(transcript, 'Hello')).toBe('Thanks, looking');
  });

  it('flattens whitespace and shortens a long text', () => {
    expect(lastSnippet(undefined, ' a\n\n b ')).toBe('a b');
    expect(lastSnippet(undefined, 'x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('transcriptDays', () => {
  it('groups consecutive messages by local calendar day', () => {
    const at = (day: number, hour: number) => new Date(2026, 2, day, hour).toISOString();
    const days = transcriptDays([
      message({ messageId: 'a', occurredAt: at(1, 9) }),
      message({ messageId: 'b', occurredAt: at(1, 23) }),
      message({ messageId: 'c', occurredAt: at(2, 0) }),
    ]);
    expect(days.map((day) => [day.key, day.messages.map((m) => m.messageId)])).toEqual([
      ['2026-03-01', ['a', 'b']],
      ['2026-03-02', ['c']],
    ]);
  });

  it('is empty for an empty transcript', () => {
    expect(transcriptDays([])).toEqual([]);
  });
});

describe('timerDescription', () => {
  const timer: InteractionTimer = {
    timerId: 't-1',
    actionId: 'x-1',
    actionName: 'Nudge the agent',
    event: 'requester_message_without_agent_response',
    kind: 'prompt_agent',
    state: 'armed',
    dueAt: '2026-03-01T10:05:00.000Z',
    armedByMessageId: 'm-1',
    armedAt: '2026-03-01T10:00:00.000Z',
    firedAt: null,
    disarmedAt: null,
    outcome: null,
  };

  it('names the action and what it waits for', () => {
    expect(timerDescription(timer)).toBe('Nudge the agent (while the requester waits for an answer)');
  });

  it('says how a fired timer ended and that a disarmed one was cancelled', () => {
    expect(timerDescription({ ...timer, state: 'fired', outcome: 'ran' })).toMatch(/fired, its action ran$/);
    expect(timerDescription({ ...timer, state: 'fired', outcome: 'filtered_out' })).toMatch(/did not match$/);
    expect(timerDescription({ ...timer, state: 'disarmed', event: null })).toBe(
      'Nudge the agent: cancelled, the conversation moved on',
    );
  });

  it('copes with a deleted action', () => {
    expect(timerDescription({ ...timer, actionName: null, event: null })).toBe('A deleted action');
  });
});

describe('optedOutText (SPEC S2)', () => {
  const now = new Date('2026-12-01T12:00:00.000Z');

  it('S2: says nothing while the requester receives messages', () => {
    expect(optedOutText(null, now)).toBeNull();
  });

  it('S2: says the keyword texted, and that nothing can be sent until they opt back in', () => {
    const text = optedOutText({ since: '2026-12-01T10:00:00.000Z', source: 'keyword', keyword: 'STOP' }, now);
    expect(text).toMatch(/^Opted out since .+, by texting STOP\. Nothing can be sent .+ \(START\)\.$/);
  });

  it('S2: says when the provider refused a message instead', () => {
    expect(
      optedOutText({ since: '2026-11-20T10:00:00.000Z', source: 'provider', keyword: null }, now),
    ).toMatch(/with their carrier \(the provider refused a message\)/);
  });
});
