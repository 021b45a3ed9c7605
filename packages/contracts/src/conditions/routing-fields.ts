import type { FieldCatalog } from './field-catalog';

/** Why the virtual agent handed a conversation to routing; recorded on the interaction and in its transcript. */
export const HANDOFF_REASONS = [
  'requested_person',
  'topic_handoff',
  'not_understood',
  'bot_unavailable',
] as const;

export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** What a routing queue's condition can test about a conversation waiting for an agent. */
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
    values: HANDOFF_REASONS,
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
  reopened: {
    type: 'boolean',
    description: 'True when the requester reopened a closed conversation.',
  },
};
