import { describeCondition } from './describe-condition';
import { evaluateCondition } from './evaluate-condition';
import { HANDOFF_REASONS, ROUTING_CONDITION_FIELDS } from './routing-fields';
import { validateCondition } from './validate-condition';

function validate(input: unknown) {
  return validateCondition(ROUTING_CONDITION_FIELDS, input);
}

function codesOf(input: unknown): string[] {
  const result = validate(input);
  return result.ok ? [] : result.errors.map((error) => `${error.path} ${error.code}`);
}

describe('HANDOFF_REASONS', () => {
  it('are the four reasons the interaction service records (its va_handoff_reason check)', () => {
    expect(HANDOFF_REASONS).toEqual([
      'requested_person',
      'topic_handoff',
      'not_understood',
      'bot_unavailable',
    ]);
  });
});

describe('ROUTING_CONDITION_FIELDS', () => {
  it('has the interaction fields routing queues select on, each with its type', () => {
    const types = Object.fromEntries(
      Object.entries(ROUTING_CONDITION_FIELDS).map(([name, { description: _, ...type }]) => [name, type]),
    );
    expect(types).toEqual({
      companyAddress: { type: 'phone' },
      requesterAddress: { type: 'phone' },
      requesterIsGuest: { type: 'boolean' },
      identityConflict: { type: 'boolean' },
      handoffReason: { type: 'enum', values: HANDOFF_REASONS },
      topic: { type: 'string', maxLength: 100 },
      channel: { type: 'enum', values: ['sms'] },
      priority: { type: 'number', integer: true, min: 0, max: 10 },
      reopened: { type: 'boolean' },
    });
  });

  it.each(Object.entries(ROUTING_CONDITION_FIELDS))(
    'describes %s for the person choosing it',
    (_name, field) => {
      expect(field.description).toMatch(/^[A-Z].{10,}\.$/);
    },
  );

  it.each(Object.entries(ROUTING_CONDITION_FIELDS))(
    'lets every field be tested for presence (%s)',
    (field) => {
      expect(validate({ field, op: 'exists' }).ok).toBe(true);
    },
  );

  it('takes a typical queue condition, stores its numbers in E.164 and selects the right conversations', () => {
    const result = validate({
      all: [
        { field: 'companyAddress', op: 'eq', value: '+1 (555) 010-0001' },
        { not: { field: 'requesterIsGuest', op: 'eq', value: true } },
        {
          any: [
            { field: 'handoffReason', op: 'in', value: ['requested_person', 'topic_handoff'] },
            { field: 'priority', op: 'gte', value: 8 },
          ],
        },
      ],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(describeCondition(result.condition)).toBe(
      'companyAddress = "+15550100001" and not (requesterIsGuest = true) and ' +
        '(handoffReason in ("requested_person", "topic_handoff") or priority >= 8)',
    );
    const conversation = {
      companyAddress: '+15550100001',
      requesterAddress: '+15550100777',
      requesterIsGuest: false,
      identityConflict: false,
      handoffReason: 'requested_person',
      topic: 'billing',
      channel: 'sms',
      priority: 5,
      reopened: false,
    };
    expect(evaluateCondition(result.condition, conversation)).toBe(true);
    expect(evaluateCondition(result.condition, { ...conversation, requesterIsGuest: true })).toBe(false);
    expect(evaluateCondition(result.condition, { ...conversation, handoffReason: undefined })).toBe(false);
    expect(
      evaluateCondition(result.condition, { ...conversation, handoffReason: undefined, priority: 9 }),
    ).toBe(true);
    expect(evaluateCondition(result.condition, { ...conversation, companyAddress: '+15550100002' })).toBe(
      false,
    );
  });

  it.each<[string, unknown, string[]]>([
    [
      'a handoff reason that does not exist',
      { field: 'handoffReason', op: 'eq', value: 'tired' },
      ['condition.value CONDITION_VALUE_INVALID'],
    ],
    [
      'a channel other than sms',
      { field: 'channel', op: 'eq', value: 'email' },
      ['condition.value CONDITION_VALUE_INVALID'],
    ],
    [
      'a priority over 10',
      { field: 'priority', op: 'gte', value: 11 },
      ['condition.value CONDITION_VALUE_INVALID'],
    ],
    [
      'a fractional priority',
      { field: 'priority', op: 'eq', value: 1.5 },
      ['condition.value CONDITION_VALUE_INVALID'],
    ],
    [
      'a topic over 100 characters',
      { field: 'topic', op: 'eq', value: 'x'.repeat(101) },
      ['condition.value CONDITION_VALUE_INVALID'],
    ],
    [
      'a company number without a country code',
      { field: 'companyAddress', op: 'eq', value: '5550100001' },
      ['condition.value CONDITION_VALUE_INVALID'],
    ],
    [
      'an order on a boolean',
      { field: 'reopened', op: 'gt', value: 0 },
      ['condition.op CONDITION_OPERATOR_INVALID'],
    ],
    [
      'a prefix on an enum',
      { field: 'handoffReason', op: 'starts_with', value: 'topic' },
      ['condition.op CONDITION_OPERATOR_INVALID'],
    ],
    [
      'a field routing does not know',
      { field: 'agentId', op: 'exists' },
      ['condition.field CONDITION_FIELD_UNKNOWN'],
    ],
  ])('refuses %s', (_rule, input, codes) => {
    expect(codesOf(input)).toEqual(codes);
  });

  it.each<[string, unknown]>([
    ['a requester country prefix', { field: 'requesterAddress', op: 'starts_with', value: '+44' }],
    ['a topic of exactly 100 characters', { field: 'topic', op: 'eq', value: 'x'.repeat(100) }],
    ['a conversation without a handoff', { field: 'handoffReason', op: 'eq', value: null }],
    [
      'a priority range',
      {
        all: [
          { field: 'priority', op: 'gte', value: 0 },
          { field: 'priority', op: 'lte', value: 10 },
        ],
      },
    ],
  ])('takes %s', (_rule, input) => {
    expect(codesOf(input)).toEqual([]);
  });
});
