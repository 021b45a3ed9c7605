import {
  evaluateCondition,
  MESSAGING_ACTION_CONDITION_FIELDS,
  ROUTING_OWNED_FIELDS,
  validateCondition,
} from '@threadline/contracts';
import { interactionFacts, type StoredInteractionFacts } from './interaction-facts';

const HELD: StoredInteractionFacts = {
  channel: 'sms',
  companyAddress: '+15550100001',
  requesterAddress: '+15557300001',
  identityConflict: false,
  state: 'work_in_progress',
  assigneeId: 'agent-alice',
  handoffReason: null,
};

describe('interactionFacts (SPEC M4)', () => {
  it('names the conversation as it is now: its numbers, channel, state and who holds it', () => {
    expect(interactionFacts(HELD)).toEqual({
      companyAddress: '+15550100001',
      requesterAddress: '+15557300001',
      identityConflict: false,
      channel: 'sms',
      priority: 0,
      state: 'work_in_progress',
      assigned: true,
      assigneeId: 'agent-alice',
    });
  });

  it('leaves assigneeId out when nobody holds it, and says so in assigned', () => {
    const facts = interactionFacts({ ...HELD, state: 'new', assigneeId: null });
    expect(facts).toMatchObject({ state: 'new', assigned: false });
    expect(facts).not.toHaveProperty('assigneeId');
  });

  it('carries the handoff reason only when the virtual agent handed it over', () => {
    expect(interactionFacts(HELD)).not.toHaveProperty('handoffReason');
    expect(interactionFacts({ ...HELD, handoffReason: 'requested_person' })).toMatchObject({
      handoffReason: 'requested_person',
    });
  });

  it('uses only catalog fields, never routing’s own, each with a value its field allows', () => {
    const stored: StoredInteractionFacts = {
      ...HELD,
      identityConflict: true,
      handoffReason: 'topic_handoff',
    };
    const facts = interactionFacts(stored);
    expect(Object.keys(facts)).toHaveLength(9);
    for (const [field, value] of Object.entries(facts)) {
      expect(ROUTING_OWNED_FIELDS).not.toContain(field);
      expect(value).not.toBeNull();
      // A filter testing this very value is valid, and matches it.
      const condition = { field, op: 'eq', value };
      expect(validateCondition(MESSAGING_ACTION_CONDITION_FIELDS, condition)).toEqual({
        ok: true,
        condition,
      });
      expect(evaluateCondition({ field, op: 'eq', value }, facts)).toBe(true);
    }
  });

  it('is what a filter is evaluated against: absent fields read as absent', () => {
    const facts = interactionFacts({ ...HELD, state: 'new', assigneeId: null });
    expect(evaluateCondition({ field: 'assigneeId', op: 'exists' }, facts)).toBe(false);
    expect(evaluateCondition({ field: 'assigned', op: 'eq', value: false }, facts)).toBe(true);
    expect(evaluateCondition({ field: 'state', op: 'in', value: ['new', 'on_hold'] }, facts)).toBe(true);
  });
});
