import type { AgentOverview, QueueOverview, SupervisedConversation } from '../api/types';
import {
  agentLabel,
  agentRow,
  appendPage,
  ongoingRow,
  queueRow,
  sortAgents,
  transferRequest,
  transferTargets,
  waitingRow,
} from './supervision';

const ME = '01970000-0000-7000-8000-00000000a003';
const ALICE = '01970000-0000-7000-8000-00000000a001';

function conversation(overrides: Partial<SupervisedConversation> = {}): SupervisedConversation {
  return {
    interactionId: 'i1',
    state: 'work_in_progress',
    assigneeId: ALICE,
    requesterAddress: '+15557300001',
    companyAddress: '+15550100001',
    requesterUserId: null,
    profileId: null,
    identityConflict: false,
    identityConflictReason: null,
    firstMessage: 'Hi',
    lastActivityAt: null,
    unreadCount: 0,
    createdAt: null,
    queue: null,
    closedAt: null,
    closedCause: null,
    closedBy: null,
    participantIds: [],
    awaitingReplySince: null,
    waitingMs: null,
    ...overrides,
  };
}

const queueView = {
  state: 'queued' as const,
  workItemId: 'w1',
  queueId: 'q1',
  queueName: 'SMS support',
  priority: 0,
  queuedAt: null,
  enqueuedAt: null,
  offeredAgentId: null,
  offeredAt: null,
};

function queue(overrides: Partial<QueueOverview> = {}): QueueOverview {
  return {
    id: 'q1',
    name: 'SMS support',
    active: true,
    open: true,
    fallback: false,
    waiting: 2,
    offered: 1,
    assigned: 3,
    oldestWaitingSeconds: 150,
    members: 4,
    membersAvailable: 1,
    ...overrides,
  };
}

function agent(overrides: Partial<AgentOverview> = {}): AgentOverview {
  return {
    agentId: ALICE,
    presence: 'available',
    receivesWork: true,
    capacity: 3,
    load: 1,
    lastSeenAt: '2030-01-01T10:00:00Z',
    queueIds: ['q1'],
    ...overrides,
  };
}

describe('agentLabel', () => {
  it('names the manager "You", others by a short id, none "Nobody"', () => {
    expect(agentLabel(ME, ME)).toBe('You');
    expect(agentLabel(ALICE, ME)).toBe('Agent …a001');
    expect(agentLabel(null, ME)).toBe('Nobody');
  });
});

describe('ongoingRow', () => {
  it('shows who holds it, its state, queue and how long the requester waits', () => {
    expect(
      ongoingRow(conversation({ waitingMs: 185_000, queue: { ...queueView, state: 'assigned' } }), ME),
    ).toEqual({
      interactionId: 'i1',
      requester: '+15557300001',
      company: '+15550100001',
      state: 'In progress',
      agent: 'Agent …a001',
      queue: 'SMS support',
      waited: '3 min',
      firstMessage: 'Hi',
    });
  });

  it('says "Answered" when nobody waits, and fills unknowns', () => {
    expect(
      ongoingRow(
        conversation({ requesterAddress: null, companyAddress: null, state: null, firstMessage: null }),
        ME,
      ),
    ).toMatchObject({
      requester: 'Unknown',
      company: 'Unknown',
      state: 'Unknown',
      queue: '—',
      waited: 'Answered',
      firstMessage: '',
    });
  });
});

describe('waitingRow', () => {
  it('a queued conversation: no agent, its age in routing', () => {
    expect(
      waitingRow(conversation({ assigneeId: null, queue: queueView, waitingMs: 45_000 }), ME),
    ).toMatchObject({
      state: 'Queued',
      agent: '—',
      queue: 'SMS support',
      waited: '45 s',
    });
  });

  it('an offered conversation names the agent it is offered to', () => {
    const row = waitingRow(
      conversation({ queue: { ...queueView, state: 'offered', offeredAgentId: ME }, waitingMs: 3_600_000 }),
      ME,
    );
    expect(row).toMatchObject({ state: 'Offered', agent: 'You', waited: '1 h' });
  });

  it('without a wait reported shows a dash', () => {
    expect(waitingRow(conversation({ queue: null }), ME)).toMatchObject({
      state: 'Queued',
      waited: '—',
      queue: '—',
    });
  });
});

describe('queueRow', () => {
  it('shows depth, oldest wait and who is available', () => {
    expect(queueRow(queue())).toEqual({
      id: 'q1',
      name: 'SMS support',
      status: 'Open',
      waiting: 2,
      offered: 1,
      assigned: 3,
      oldest: '2 min',
      available: '1 of 4',
    });
  });

  it.each([
    [{ active: false }, 'Inactive'],
    [{ open: false }, 'Closed (outside its hours)'],
  ])('status of %p is %p', (overrides, status) => {
    expect(queueRow(queue(overrides)).status).toBe(status);
  });

  it('marks the fallback queue and an empty one', () => {
    expect(queueRow(queue({ fallback: true, oldestWaitingSeconds: null }))).toMatchObject({
      name: 'SMS support (fallback)',
      oldest: '—',
    });
  });
});

describe('agentRow and sortAgents', () => {
  const now = new Date('2030-01-01T10:05:00Z').getTime();

  it('shows presence, load against capacity, last seen and queues', () => {
    expect(agentRow(agent({ queueIds: ['q1', 'gone'] }), [queue()], ME, now)).toEqual({
      agentId: ALICE,
      agent: 'Agent …a001',
      presence: 'available (receives work)',
      load: '1 of 3',
      lastSeen: '5 min ago',
      queues: 'SMS support, Unknown queue',
    });
  });

  it('an agent never seen, in no queue', () => {
    expect(
      agentRow(
        agent({ presence: 'offline', receivesWork: false, lastSeenAt: null, queueIds: [] }),
        [],
        ME,
        now,
      ),
    ).toMatchObject({ presence: 'offline', lastSeen: 'Never', queues: '—' });
  });

  it('puts agents who receive work first, most free capacity first, then by id', () => {
    const sorted = sortAgents([
      agent({ agentId: 'c', receivesWork: false }),
      agent({ agentId: 'b', load: 2 }),
      agent({ agentId: 'a', load: 0 }),
      agent({ agentId: 'd', load: 0 }),
    ]);
    expect(sorted.map((item) => item.agentId)).toEqual(['a', 'd', 'b', 'c']);
  });
});

describe('transfer', () => {
  it('offers active queues and agents who receive work', () => {
    const targets = transferTargets(
      {
        queues: [queue(), queue({ id: 'q2', name: 'Old', active: false })],
        agents: [agent(), agent({ agentId: 'x-b002', receivesWork: false })],
      },
      ME,
    );
    expect(targets).toEqual([
      { value: 'queue:q1', label: 'Queue: SMS support' },
      { value: `agent:${ALICE}`, label: 'Agent: Agent …a001' },
    ]);
    expect(transferTargets(null, ME)).toEqual([]);
  });

  it('sends exactly one of queueId and agentId', () => {
    expect(transferRequest('queue:q1')).toEqual({ queueId: 'q1' });
    expect(transferRequest(`agent:${ALICE}`)).toEqual({ agentId: ALICE });
  });

  it.each(['', 'queue:', 'q1', 'team:q1'])('refuses %p', (target) => {
    expect(transferRequest(target)).toBeNull();
  });
});

describe('appendPage', () => {
  it('adds the next page without repeating rows already shown', () => {
    const a = conversation({ interactionId: 'a' });
    const b = conversation({ interactionId: 'b' });
    const c = conversation({ interactionId: 'c' });
    expect(appendPage([a, b], [b, c]).map((item) => item.interactionId)).toEqual(['a', 'b', 'c']);
  });
});
