import { interactionState } from '../schemas/common';
import type { FieldCatalog } from './field-catalog';
import { ROUTING_CONDITION_FIELDS } from './routing-fields';

/**
 * What a messaging action's filter can test about a conversation when its timer falls due (SPEC
 * M4): everything a routing queue's condition can, and where the conversation stands now.
 */
export const MESSAGING_ACTION_CONDITION_FIELDS: FieldCatalog = {
  ...ROUTING_CONDITION_FIELDS,
  state: {
    type: 'enum',
    values: interactionState.options,
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

/** The fields whose values only routing knows; the rest are the interaction's. */
export const ROUTING_OWNED_FIELDS: readonly string[] = ['queueId'];
