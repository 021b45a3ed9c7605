import type { z } from 'zod';
import * as interaction from './schemas/interaction';
import * as profile from './schemas/profile';
import * as routing from './schemas/routing';
import * as sms from './schemas/sms';
import * as timer from './schemas/timer';
import type { StreamName } from './streams';

export interface ContractDefinition {
  kind: 'event' | 'command';
  stream: StreamName;
  summary: string;
  schema: z.ZodType;
}

function event<S extends z.ZodType>(stream: StreamName, summary: string, schema: S) {
  return { kind: 'event' as const, stream, summary, schema };
}
function command<S extends z.ZodType>(stream: StreamName, summary: string, schema: S) {
  return { kind: 'command' as const, stream, summary, schema };
}

/**
 * Every subject Threadline publishes, mapped to the schema of its `data`.
 * A breaking change to a payload is a new `vN` entry next to the old one, never an edit.
 */
export const contracts = {
  'sms.inbound.received.v1': event(
    'SMS',
    'An SMS from a requester was accepted by the gateway',
    sms.smsInboundReceived,
  ),
  'sms.outbound.send.v1': command('SMS', 'Send an SMS through the provider', sms.smsOutboundSend),
  'sms.outbound.status-changed.v1': event(
    'SMS',
    'The delivery status of an outbound SMS moved forward',
    sms.smsOutboundStatusChanged,
  ),
  'profile.requester.resolved.v1': event(
    'PROFILE',
    'The requester behind an inbound SMS was resolved',
    profile.profileResolved,
  ),
  'profile.messaging-profile.created.v1': event(
    'PROFILE',
    'A messaging profile was created for an address',
    profile.profileCreated,
  ),
  'profile.messaging-profile.reassociated.v1': event(
    'PROFILE',
    'An agent changed the user a messaging profile points to, or undid such a change',
    profile.profileReassociated,
  ),
  'profile.messaging-profile.deactivated.v1': event(
    'PROFILE',
    'A messaging profile stopped being the active one of its address',
    profile.profileDeactivated,
  ),
  'interaction.conversation.created.v1': event(
    'INTERACTION',
    'A conversation was opened',
    interaction.interactionCreated,
  ),
  'interaction.message.appended.v1': event(
    'INTERACTION',
    'A message was added to a transcript',
    interaction.interactionMessageAppended,
  ),
  'interaction.conversation.requester-changed.v1': event(
    'INTERACTION',
    'The requester shown on an open conversation changed',
    interaction.interactionRequesterChanged,
  ),
  'interaction.conversation.state-changed.v1': event(
    'INTERACTION',
    'A conversation changed state',
    interaction.interactionStateChanged,
  ),
  'interaction.requester.opt-out-changed.v1': event(
    'INTERACTION',
    'SPEC S2: a requester number opted out of a company number, or back in',
    interaction.requesterOptOutChanged,
  ),
  'routing.workitem.enqueue.v1': command(
    'ROUTING',
    'Route a conversation to a queue',
    routing.routingWorkItemEnqueue,
  ),
  'routing.workitem.transfer.v1': command(
    'ROUTING',
    'SPEC W10: route a transferred conversation to another queue or agent',
    routing.routingWorkItemTransfer,
  ),
  'routing.offer.created.v1': event(
    'ROUTING',
    'A work item was offered to an agent',
    routing.routingOfferCreated,
  ),
  'routing.workitem.assigned.v1': event(
    'ROUTING',
    'A work item was assigned to an agent',
    routing.routingWorkItemAssigned,
  ),
  'routing.workitem.queued.v1': event(
    'ROUTING',
    'A work item waits in a queue for an agent',
    routing.routingWorkItemQueued,
  ),
  'routing.workitem.closed.v1': event(
    'ROUTING',
    "A work item's interaction ended; the agent's capacity is free again",
    routing.routingWorkItemClosed,
  ),
  'timer.action.fired.v1': event('TIMER', 'A messaging action fired', timer.timerActionFired),
} as const satisfies Record<string, ContractDefinition>;

export type Subject = keyof typeof contracts;
export type PayloadOf<S extends Subject> = z.infer<(typeof contracts)[S]['schema']>;

export function isSubject(value: string): value is Subject {
  return Object.hasOwn(contracts, value);
}
