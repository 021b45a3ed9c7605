import type { AgentRole } from './agent';
import { mayReadConversation, maySupervise, searchScopeOf } from './conversation-access';
import type { InteractionState } from './read-model';

const ME = '01970000-0000-7000-8000-00000000a001';
const OTHER = '01970000-0000-7000-8000-00000000a002';

const conversation = (
  state: InteractionState | null,
  assigneeId: string | null,
  participantIds: string[],
) => ({
  state,
  assigneeId,
  participantIds,
});

describe('who may open a conversation (SPEC I4, I5)', () => {
  it.each<[string, ReturnType<typeof conversation> | null, string[], Record<AgentRole, boolean>]>([
    [
      'assigned to me',
      conversation('work_in_progress', ME, [ME]),
      [],
      { agent: true, manager: true, admin: true },
    ],
    ['offered to me, not known yet', null, [ME], { agent: true, manager: true, admin: true }],
    [
      'held by another agent',
      conversation('work_in_progress', OTHER, [OTHER]),
      [],
      { agent: false, manager: true, admin: true },
    ],
    [
      'held by another agent, and I wrote in it (A2)',
      conversation('on_hold', OTHER, [ME, OTHER]),
      [],
      { agent: false, manager: true, admin: true },
    ],
    [
      'closed, and I took part',
      conversation('closed_complete', OTHER, [ME, OTHER]),
      [],
      { agent: true, manager: true, admin: true },
    ],
    [
      'abandoned, and I took part',
      conversation('closed_abandoned', null, [ME]),
      [],
      { agent: true, manager: true, admin: true },
    ],
    [
      'closed, without me',
      conversation('closed_complete', OTHER, [OTHER]),
      [],
      { agent: false, manager: true, admin: true },
    ],
    ['waiting in a queue', conversation('new', null, []), [], { agent: false, manager: true, admin: true }],
    ['not known at all', null, [], { agent: false, manager: false, admin: false }],
  ])('I4/I5: a conversation %s', (_situation, stored, offers, allowed) => {
    for (const role of ['agent', 'manager', 'admin'] as const) {
      expect({ role, allowed: mayReadConversation({ id: ME, role }, stored, offers) }).toEqual({
        role,
        allowed: allowed[role],
      });
    }
  });
});

describe('who supervises (SPEC I5)', () => {
  it('I5: managers and admins see every agent’s work; agents only their own', () => {
    expect(maySupervise('manager')).toBe(true);
    expect(maySupervise('admin')).toBe(true);
    expect(maySupervise('agent')).toBe(false);
  });

  it('I4: an agent searches their own conversations, managers and admins all', () => {
    expect(searchScopeOf({ id: ME, role: 'agent' })).toEqual({ kind: 'mine', agentId: ME });
    expect(searchScopeOf({ id: ME, role: 'manager' })).toEqual({ kind: 'all' });
    expect(searchScopeOf({ id: ME, role: 'admin' })).toEqual({ kind: 'all' });
  });
});
