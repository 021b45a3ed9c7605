import {
  type ActionTrigger,
  type ArmedTimer,
  eventStartedBy,
  NEW_WATCH,
  planForMessage,
  sideOf,
  timerIdFor,
} from './arming';

const INTERACTION = '01970000-0000-7000-8000-000000000001';
const MESSAGE = {
  messageId: '01970000-0000-7000-8000-0000000000e1',
  occurredAt: new Date('2026-12-01T10:00:00Z'),
};
const A1 = '01970000-0000-7000-8000-0000000000a1';
const A2 = '01970000-0000-7000-8000-0000000000a2';
const B1 = '01970000-0000-7000-8000-0000000000b1';

const actions: ActionTrigger[] = [
  { actionId: A1, event: 'requester_message_without_agent_response', durationMs: 60_000 },
  { actionId: A2, event: 'requester_message_without_agent_response', durationMs: 300_000 },
  { actionId: B1, event: 'agent_message_without_requester_response', durationMs: 3_600_000 },
];

function armedFor(actionId: string, dueAt = new Date('2026-12-01T09:59:00Z')): ArmedTimer {
  const armedByMessageId = '01970000-0000-7000-8000-0000000000f0';
  return { timerId: timerIdFor(INTERACTION, actionId, armedByMessageId), actionId, dueAt, armedByMessageId };
}

describe('eventStartedBy', () => {
  it('a requester message starts the wait for the agent, an agent message the wait for the requester', () => {
    expect(eventStartedBy('requester')).toBe('requester_message_without_agent_response');
    expect(eventStartedBy('agent')).toBe('agent_message_without_requester_response');
  });
});

describe('planForMessage', () => {
  it('M1: a requester message arms every action of its event, due its duration after the message', () => {
    expect(planForMessage('requester', [], actions, MESSAGE)).toMatchObject({
      arm: [
        { actionId: A1, dueAt: new Date('2026-12-01T10:01:00Z'), armedByMessageId: MESSAGE.messageId },
        { actionId: A2, dueAt: new Date('2026-12-01T10:05:00Z'), armedByMessageId: MESSAGE.messageId },
      ],
      disarm: [],
    });
  });

  it('M1: an agent (or virtual agent) message arms the actions waiting for the requester', () => {
    expect(planForMessage('agent', [], actions, MESSAGE)).toMatchObject({
      arm: [{ actionId: B1, dueAt: new Date('2026-12-01T11:00:00Z'), armedByMessageId: MESSAGE.messageId }],
      disarm: [],
    });
  });

  it('M2: a requester message disarms the timers waiting for the requester', () => {
    const waiting = armedFor(B1);
    const plan = planForMessage('requester', [waiting], actions, MESSAGE);
    expect(plan.disarm).toEqual([waiting.timerId]);
    expect(plan.arm.map((timer) => timer.actionId)).toEqual([A1, A2]);
  });

  it('M2: an agent message disarms the timers waiting for the agent', () => {
    const first = armedFor(A1);
    const second = armedFor(A2);
    expect(planForMessage('agent', [first, second], actions, MESSAGE)).toMatchObject({
      arm: [{ actionId: B1, dueAt: new Date('2026-12-01T11:00:00Z'), armedByMessageId: MESSAGE.messageId }],
      disarm: [first.timerId, second.timerId],
    });
  });

  it('M3: a further message of the same side keeps the first deadline', () => {
    const first = armedFor(A1);
    const plan = planForMessage('requester', [first], actions, MESSAGE);
    expect(plan.disarm).toEqual([]);
    expect(plan.arm.map((timer) => timer.actionId)).toEqual([A2]);
    expect(planForMessage('requester', [first, armedFor(A2)], actions, MESSAGE)).toMatchObject({
      arm: [],
      disarm: [],
    });
  });

  it('disarms a timer whose action is gone or now waits for the other side', () => {
    const orphan = armedFor('01970000-0000-7000-8000-0000000000c1');
    const changed = armedFor(A1);
    const nowAgentSide = actions.map((action) =>
      action.actionId === A1
        ? { ...action, event: 'agent_message_without_requester_response' as const }
        : action,
    );
    const plan = planForMessage('requester', [orphan, changed], nowAgentSide, MESSAGE);
    expect(plan.disarm).toEqual([orphan.timerId, changed.timerId]);
    expect(plan.arm.map((timer) => timer.actionId)).toEqual([A2]);
  });

  it('arms nothing without actions, and an action listed twice once', () => {
    expect(planForMessage('requester', [], [], MESSAGE)).toEqual({ arm: [], disarm: [] });
    const twice = [actions[0]!, { ...actions[0]!, durationMs: 1 }];
    expect(planForMessage('requester', [], twice, MESSAGE).arm).toEqual([
      { actionId: A1, dueAt: new Date('2026-12-01T10:01:00Z'), armedByMessageId: MESSAGE.messageId },
    ]);
  });

  it('a zero duration is due at the message', () => {
    const now = [{ actionId: A1, event: 'requester_message_without_agent_response' as const, durationMs: 0 }];
    expect(planForMessage('requester', [], now, MESSAGE).arm[0]!.dueAt).toEqual(MESSAGE.occurredAt);
  });
});

describe('planForMessage: late and stale messages', () => {
  const at = (iso: string) => new Date(`2026-12-01T${iso}Z`);

  it("the message's own side in the watch does not matter", () => {
    const watch = { ...NEW_WATCH, lastRequesterAt: at('10:30:00') };
    expect(planForMessage('requester', [], actions, MESSAGE, watch)).toEqual(
      planForMessage('requester', [], actions, MESSAGE),
    );
  });

  it('M1: a requester message older than the latest agent reply was answered: it arms nothing, disarms nothing', () => {
    const watch = { ...NEW_WATCH, lastAgentAt: at('10:01:00') };
    const armed = [armedFor(B1)];
    const plan = planForMessage('requester', armed, actions, MESSAGE, watch);
    expect(plan.arm).toEqual([]);
    expect(plan.disarm).toEqual([]);
  });

  it('M2: an agent message older than the latest requester message was answered too', () => {
    const watch = { ...NEW_WATCH, lastRequesterAt: at('10:01:00') };
    const plan = planForMessage('agent', [armedFor(A1)], actions, MESSAGE, watch);
    expect(plan).toMatchObject({ arm: [], disarm: [] });
  });

  it('a message at the same instant as the other side counts as unanswered', () => {
    const watch = { ...NEW_WATCH, lastAgentAt: MESSAGE.occurredAt };
    expect(planForMessage('requester', [], actions, MESSAGE, watch).arm).toHaveLength(2);
  });

  it('M6: a message written before the conversation closed arms nothing; one after (a reopen) does', () => {
    const watch = { ...NEW_WATCH, closedAt: at('10:00:00') };
    expect(planForMessage('requester', [], actions, MESSAGE, watch).arm).toEqual([]);
    const after = { ...MESSAGE, occurredAt: at('10:00:01') };
    expect(planForMessage('requester', [], actions, after, watch).arm).toHaveLength(2);
  });
});

describe('sideOf', () => {
  it('the requester speaks inbound; agents and the virtual agent outbound; system and notes for nobody', () => {
    expect(sideOf({ direction: 'inbound', author: { kind: 'requester' } })).toBe('requester');
    expect(sideOf({ direction: 'outbound', author: { kind: 'agent' } })).toBe('agent');
    expect(sideOf({ direction: 'outbound', author: { kind: 'virtual_agent' } })).toBe('agent');
    expect(sideOf({ direction: 'outbound', author: { kind: 'system' } })).toBeNull();
    expect(sideOf({ direction: 'internal', author: { kind: 'system' } })).toBeNull();
    expect(sideOf({ direction: 'internal', author: { kind: 'agent' } })).toBeNull();
  });
});

describe('timerIdFor', () => {
  it('is a uuid determined by interaction, action and arming message', () => {
    const id = timerIdFor(INTERACTION, A1, MESSAGE.messageId);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(timerIdFor(INTERACTION, A1, MESSAGE.messageId)).toBe(id);
    const others = [
      timerIdFor(INTERACTION, A2, MESSAGE.messageId),
      timerIdFor(A2, A1, MESSAGE.messageId),
      timerIdFor(INTERACTION, A1, A2),
    ];
    expect(new Set([id, ...others]).size).toBe(4);
  });
});
