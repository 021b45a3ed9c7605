import type { Condition } from './condition';
import { describeCondition } from './describe-condition';

const guest: Condition = { field: 'requesterIsGuest', op: 'eq', value: true };
const urgent: Condition = { field: 'priority', op: 'gte', value: 8 };
const billing: Condition = { field: 'topic', op: 'eq', value: 'billing' };

describe('describeCondition', () => {
  it('reads the example from the routing queue docs', () => {
    expect(
      describeCondition({
        all: [{ field: 'companyAddress', op: 'eq', value: '+15550100001' }, { not: guest }],
      }),
    ).toBe('companyAddress = "+15550100001" and not (requesterIsGuest = true)');
  });

  it.each<[string, Condition, string]>([
    ['eq with a string quotes it', billing, 'topic = "billing"'],
    ['eq with a number', { field: 'priority', op: 'eq', value: 3 }, 'priority = 3'],
    ['eq with a boolean', { field: 'reopened', op: 'eq', value: false }, 'reopened = false'],
    ['eq with null reads as absent', { field: 'topic', op: 'eq', value: null }, 'topic is absent'],
    ['ne', { field: 'topic', op: 'ne', value: 'billing' }, 'topic != "billing"'],
    ['ne with null reads as present', { field: 'topic', op: 'ne', value: null }, 'topic is present'],
    [
      'in lists its values',
      { field: 'handoffReason', op: 'in', value: ['requested_person', null] },
      'handoffReason in ("requested_person", null)',
    ],
    ['not_in', { field: 'priority', op: 'not_in', value: [0, 1] }, 'priority not in (0, 1)'],
    ['exists', { field: 'topic', op: 'exists' }, 'topic exists'],
    [
      'starts_with',
      { field: 'requesterAddress', op: 'starts_with', value: '+44' },
      'requesterAddress starts with "+44"',
    ],
    ['gt', { field: 'priority', op: 'gt', value: 2 }, 'priority > 2'],
    ['gte', urgent, 'priority >= 8'],
    ['lt', { field: 'priority', op: 'lt', value: 2.5 }, 'priority < 2.5'],
    ['lte', { field: 'priority', op: 'lte', value: -1 }, 'priority <= -1'],
    [
      'a string with quotes is escaped',
      { field: 'topic', op: 'eq', value: 'say "hi"' },
      'topic = "say \\"hi\\""',
    ],
    [
      'a string that looks like a number stays quoted',
      { field: 'topic', op: 'eq', value: '1' },
      'topic = "1"',
    ],
    ['an empty all is always', { all: [] }, 'always'],
    ['an empty any is never', { any: [] }, 'never'],
    ['all joins with and', { all: [guest, urgent] }, 'requesterIsGuest = true and priority >= 8'],
    ['any joins with or', { any: [guest, urgent] }, 'requesterIsGuest = true or priority >= 8'],
    ['a single child reads as the child', { all: [guest] }, 'requesterIsGuest = true'],
    ['not brackets its child', { not: guest }, 'not (requesterIsGuest = true)'],
    ['not of not', { not: { not: guest } }, 'not (not (requesterIsGuest = true))'],
    ['not of a group', { not: { any: [guest, urgent] } }, 'not (requesterIsGuest = true or priority >= 8)'],
    [
      'any inside all is bracketed',
      { all: [billing, { any: [guest, urgent] }] },
      'topic = "billing" and (requesterIsGuest = true or priority >= 8)',
    ],
    [
      'all inside any is bracketed',
      { any: [{ all: [guest, urgent] }, billing] },
      '(requesterIsGuest = true and priority >= 8) or topic = "billing"',
    ],
    [
      'all inside all keeps its brackets, so the grouping written is the grouping read',
      { all: [{ all: [guest, urgent] }, billing] },
      '(requesterIsGuest = true and priority >= 8) and topic = "billing"',
    ],
    [
      'a group of one inside another needs no brackets',
      { all: [{ any: [guest] }, billing] },
      'requesterIsGuest = true and topic = "billing"',
    ],
    ['an empty group inside another', { any: [{ all: [] }, guest] }, 'always or requesterIsGuest = true'],
    [
      'deep nesting',
      { any: [{ all: [billing, { not: { any: [guest, urgent] } }] }, { field: 'reopened', op: 'exists' }] },
      '(topic = "billing" and not (requesterIsGuest = true or priority >= 8)) or reopened exists',
    ],
  ])('%s', (_rule, condition, description) => {
    expect(describeCondition(condition)).toBe(description);
  });
});
