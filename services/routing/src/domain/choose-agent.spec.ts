import { type Candidate, chooseAgent } from './choose-agent';

function agent(
  agentId: string,
  capacity: number,
  load: number,
  lastAssignedAt: string | null = null,
): Candidate {
  return { agentId, free: capacity - load, lastAssignedAt: lastAssignedAt ? new Date(lastAssignedAt) : null };
}

describe('chooseAgent', () => {
  it('W4: nobody available means no agent', () => {
    expect(chooseAgent([], 'most_capacity', 1)).toBeNull();
  });

  it('W4: an agent at capacity is not a candidate', () => {
    expect(chooseAgent([agent('alice', 4, 4)], 'most_capacity', 1)).toBeNull();
  });

  it('W4: an agent whose free capacity is smaller than the item is not a candidate', () => {
    expect(chooseAgent([agent('alice', 4, 3)], 'most_capacity', 2)).toBeNull();
    expect(chooseAgent([agent('alice', 4, 2)], 'most_capacity', 2)).toBe('alice');
  });

  it('W4: an agent who rejected the item is not offered it again', () => {
    expect(chooseAgent([agent('alice', 4, 0), agent('bob', 4, 3)], 'most_capacity', 1, ['alice'])).toBe(
      'bob',
    );
  });

  it('W5 most capacity: the agent with the most free capacity wins', () => {
    expect(
      chooseAgent([agent('alice', 4, 3), agent('bob', 4, 1), agent('carol', 2, 0)], 'most_capacity', 1),
    ).toBe('bob');
  });

  it('W5 most capacity: a tie goes to the agent idle longest, then to the lowest id', () => {
    const tied = [agent('bob', 4, 1, '2026-11-25T10:00:00Z'), agent('alice', 4, 1, '2026-11-25T11:00:00Z')];
    expect(chooseAgent(tied, 'most_capacity', 1)).toBe('bob');
    expect(chooseAgent([agent('bob', 4, 1), agent('alice', 4, 1)], 'most_capacity', 1)).toBe('alice');
  });

  it('W5 last assigned: the agent idle longest wins, never-assigned first', () => {
    const candidates = [
      agent('alice', 4, 0, '2026-11-25T11:00:00Z'),
      agent('bob', 4, 3, '2026-11-25T10:00:00Z'),
      agent('carol', 4, 3, null),
    ];
    expect(chooseAgent(candidates, 'last_assigned', 1)).toBe('carol');
    expect(chooseAgent(candidates.slice(0, 2), 'last_assigned', 1)).toBe('bob');
  });

  it('W5 last assigned: a tie goes to the most free capacity, then to the lowest id', () => {
    const at = '2026-11-25T10:00:00Z';
    expect(chooseAgent([agent('alice', 4, 3, at), agent('bob', 4, 1, at)], 'last_assigned', 1)).toBe('bob');
    expect(chooseAgent([agent('bob', 4, 1, at), agent('alice', 4, 1, at)], 'last_assigned', 1)).toBe('alice');
  });

  it('gives the same answer whatever the order of the candidates', () => {
    const candidates = [agent('c', 4, 1), agent('a', 4, 1), agent('b', 4, 1)];
    for (const rule of ['most_capacity', 'last_assigned'] as const) {
      expect(chooseAgent(candidates, rule, 1)).toBe(chooseAgent([...candidates].reverse(), rule, 1));
    }
  });

  it('picks the first of the candidates ordered by the rule (one pass, checked against a sort)', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const idleFirst = (a: Candidate, b: Candidate) =>
      (a.lastAssignedAt?.getTime() ?? -Infinity) - (b.lastAssignedAt?.getTime() ?? -Infinity) || 0;
    const byId = (a: Candidate, b: Candidate) => (a.agentId < b.agentId ? -1 : 1);
    for (let round = 0; round < 200; round += 1) {
      const candidates = Array.from({ length: 1 + next(30) }, (_, i) =>
        agent(
          `agent-${next(1_000)}-${i}`,
          4,
          next(5),
          next(3) === 0 ? null : `2026-11-25T1${next(3)}:00:00Z`,
        ),
      );
      const rejected = candidates.filter(() => next(10) === 0).map((c) => c.agentId);
      const size = 1 + next(2);
      const eligible = candidates.filter((c) => c.free >= size && !rejected.includes(c.agentId));
      const mostCapacity = [...eligible].sort((a, b) => b.free - a.free || idleFirst(a, b) || byId(a, b));
      const lastAssigned = [...eligible].sort((a, b) => idleFirst(a, b) || b.free - a.free || byId(a, b));
      expect(chooseAgent(candidates, 'most_capacity', size, rejected)).toBe(mostCapacity[0]?.agentId ?? null);
      expect(chooseAgent(candidates, 'last_assigned', size, rejected)).toBe(lastAssigned[0]?.agentId ?? null);
    }
  });

  describe('R4: a reopened conversation prefers the agent who held it', () => {
    const candidates = [agent('alice', 4, 3), agent('bob', 4, 0)];

    it("goes to that agent when they are available with room, over the rule's choice", () => {
      expect(chooseAgent(candidates, 'most_capacity', 1, [], 'alice')).toBe('alice');
    });

    it('is routed normally when that agent has no room', () => {
      expect(chooseAgent([agent('alice', 4, 4), agent('bob', 4, 0)], 'most_capacity', 1, [], 'alice')).toBe(
        'bob',
      );
    });

    it('is routed normally when that agent is not available (not a candidate)', () => {
      expect(chooseAgent([agent('bob', 4, 2)], 'last_assigned', 1, [], 'alice')).toBe('bob');
    });

    it('is routed normally when that agent rejected it', () => {
      expect(chooseAgent(candidates, 'most_capacity', 1, ['alice'], 'alice')).toBe('bob');
    });
  });

  it('W10: an item transferred to a named agent goes to them alone, even with less room than others', () => {
    const candidates = [agent('alice', 4, 0), agent('bob', 4, 3)];
    expect(chooseAgent(candidates, 'most_capacity', 1, [], null, 'bob')).toBe('bob');
    expect(
      chooseAgent([agent('alice', 4, 0), agent('bob', 4, 4)], 'most_capacity', 1, [], null, 'bob'),
    ).toBeNull();
    expect(chooseAgent([agent('alice', 4, 0)], 'most_capacity', 1, [], null, 'bob')).toBeNull();
  });
});
