import type { Facts, PayloadOf } from '@threadline/contracts';

type Enqueue = PayloadOf<'routing.workitem.enqueue.v1'>;

/**
 * SPEC W2: what queue conditions see of an interaction: the attributes interaction sent, and the
 * channel, priority and whether it is a reopened conversation. Attributes cannot override these.
 */
export function routingFacts(command: Enqueue): Facts {
  return {
    ...command.attributes,
    channel: command.channel,
    priority: command.priority,
    reopened: command.reopenedBy !== undefined,
  };
}
