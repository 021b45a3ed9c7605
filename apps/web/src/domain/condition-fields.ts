// The fields a condition may test and the operators each allows, as the condition editor offers
// them. Derived from packages/contracts/src/conditions (routing-fields.ts,
// messaging-action-fields.ts, field-catalog.ts) and kept here because the app bundles nothing
// from contracts (its catalog pulls in zod); condition-fields.spec.ts checks that the two agree.

// The types are contracts' own (a type-only import: nothing of contracts is bundled).
import type { ConditionOperator, FieldCatalog, FieldType, FieldTypeName } from '@threadline/contracts';

export type { ConditionOperator, FieldCatalog, FieldType, FieldTypeName };

const EQUALITY: readonly ConditionOperator[] = ['eq', 'ne', 'in', 'not_in', 'exists'];

export const OPERATORS_BY_FIELD_TYPE: Readonly<Record<FieldTypeName, readonly ConditionOperator[]>> = {
  string: [...EQUALITY, 'starts_with'],
  phone: [...EQUALITY, 'starts_with'],
  boolean: EQUALITY,
  number: [...EQUALITY, 'gt', 'gte', 'lt', 'lte'],
  enum: EQUALITY,
};

export const OPERATOR_LABELS: Readonly<Record<ConditionOperator, string>> = {
  eq: 'is',
  ne: 'is not',
  in: 'is one of',
  not_in: 'is none of',
  exists: 'is known',
  starts_with: 'starts with',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
};

export const ROUTING_CONDITION_FIELDS: FieldCatalog = {
  companyAddress: { type: 'phone', description: 'The company number the requester texted.' },
  requesterAddress: { type: 'phone', description: "The requester's phone number." },
  requesterIsGuest: {
    type: 'boolean',
    description: 'True when no directory user was recognised behind the requester number.',
  },
  identityConflict: {
    type: 'boolean',
    description: "True when the directory and the requester's profile disagree about who the requester is.",
  },
  handoffReason: {
    type: 'enum',
    values: ['requested_person', 'topic_handoff', 'not_understood', 'bot_unavailable'],
    description: 'Why the virtual agent handed the conversation over; absent when it did not.',
  },
  topic: {
    type: 'string',
    maxLength: 100,
    description: "The virtual agent's topic when it handed the conversation over; absent when it had none.",
  },
  channel: { type: 'enum', values: ['sms'], description: 'The channel the conversation is on.' },
  priority: {
    type: 'number',
    integer: true,
    min: 0,
    max: 10,
    description: 'The priority of the conversation, from 0 to 10.',
  },
  reopened: { type: 'boolean', description: 'True when the requester reopened a closed conversation.' },
};

export const MESSAGING_ACTION_CONDITION_FIELDS: FieldCatalog = {
  ...ROUTING_CONDITION_FIELDS,
  state: {
    type: 'enum',
    values: ['new', 'on_hold', 'work_in_progress', 'wrap_up', 'closed_complete', 'closed_abandoned'],
    description: 'The state of the conversation when the timer falls due.',
  },
  assigned: { type: 'boolean', description: 'True when an agent holds the conversation.' },
  assigneeId: {
    type: 'string',
    maxLength: 200,
    description: 'The agent who holds the conversation; absent when nobody does.',
  },
  queueId: {
    type: 'string',
    maxLength: 36,
    description:
      'The id of the routing queue the conversation waits in or was taken from; absent when it never went to routing.',
  },
};
