import type { AgentRole } from './agent';
import { mayAccessProfile, mayImportDirectory, profileActorOf } from './profile-access';
import type { InteractionState } from './read-model';

const ME = '01970000-0000-7000-8000-00000000a001';
const SOMEONE_ELSE = '01970000-0000-7000-8000-00000000a002';
const NUMBER = '+15551230001';
const OTHER_NUMBER = '+15551230002';

const conversation = (state: InteractionState | null, assigneeId = ME, requesterAddress = NUMBER) => ({
  assigneeId,
  requesterAddress,
  state,
});

describe('who may see and correct a messaging profile (SPEC P5)', () => {
  const holding = [conversation('work_in_progress')];
  const notHolding = [conversation('work_in_progress', SOMEONE_ELSE)];
  const holdingClosed = [conversation('closed_complete'), conversation('closed_abandoned')];

  it.each<[AgentRole, string, ReturnType<typeof conversation>[], boolean]>([
    ['agent', 'holds an open interaction of the number', holding, true],
    ['agent', 'holds none (another agent does)', notHolding, false],
    ['agent', 'held interactions of the number that are closed now', holdingClosed, false],
    ['manager', 'holds an open interaction of the number', holding, true],
    ['manager', 'holds none (another agent does)', notHolding, true],
    ['manager', 'held interactions of the number that are closed now', holdingClosed, true],
    ['admin', 'holds an open interaction of the number', holding, true],
    ['admin', 'holds none (another agent does)', notHolding, true],
    ['admin', 'held interactions of the number that are closed now', holdingClosed, true],
  ])('P5: a(n) %s who %s: allowed = %s', (role, _situation, conversations, allowed) => {
    expect(mayAccessProfile({ id: ME, role }, NUMBER, conversations)).toBe(allowed);
  });

  it('P5: lets an agent in while any one of their interactions of the number is open', () => {
    const mixed = [conversation('closed_complete'), conversation('on_hold')];
    expect(mayAccessProfile({ id: ME, role: 'agent' }, NUMBER, mixed)).toBe(true);
  });

  it('P5: counts an assigned conversation whose state has not arrived yet as open', () => {
    expect(mayAccessProfile({ id: ME, role: 'agent' }, NUMBER, [conversation(null)])).toBe(true);
  });

  it('P5: does not let an agent in through an interaction of another number', () => {
    const otherNumber = [conversation('work_in_progress', ME, OTHER_NUMBER)];
    expect(mayAccessProfile({ id: ME, role: 'agent' }, NUMBER, otherNumber)).toBe(false);
    expect(mayAccessProfile({ id: ME, role: 'agent' }, NUMBER, [])).toBe(false);
  });
});

describe('who may import the directory', () => {
  it.each<[AgentRole, boolean]>([
    ['agent', false],
    ['manager', false],
    ['admin', true],
  ])('a(n) %s: allowed = %s', (role, allowed) => {
    expect(mayImportDirectory(role)).toBe(allowed);
  });
});

describe('the actor profile records', () => {
  it('names the agent and the role that allowed the change', () => {
    expect(profileActorOf({ id: ME, role: 'manager' })).toEqual({ kind: 'agent', id: ME, role: 'manager' });
  });
});
