import { createEnvelope, type EnvelopeOf, type PayloadOf } from '@threadline/contracts';
import { v7 as uuidv7 } from 'uuid';

/** Envelopes other services would publish, with the demo data's numbers. */

export const REQUESTER = '+15551230001';
export const COMPANY = '+15550100001';
export const ADA = '01970000-0000-7000-8000-00000000b001';

export function conversationCreated(
  interactionId: string,
  overrides: Partial<PayloadOf<'interaction.conversation.created.v1'>> = {},
  occurredAt?: Date,
): EnvelopeOf<'interaction.conversation.created.v1'> {
  return createEnvelope(
    'interaction.conversation.created.v1',
    {
      interactionId,
      channel: 'sms',
      requesterAddress: REQUESTER,
      companyAddress: COMPANY,
      requesterUserId: ADA,
      profileId: null,
      initiatedBy: 'requester',
      state: 'new',
      identityConflict: false,
      ...overrides,
    },
    { correlationId: interactionId, occurredAt },
  );
}

/** SPEC P5: profile's correction reached the interaction: its requester is now `requesterUserId`. */
export function requesterChanged(
  interactionId: string,
  profileId: string,
  requesterUserId: string,
  overrides: Partial<PayloadOf<'interaction.conversation.requester-changed.v1'>> = {},
): EnvelopeOf<'interaction.conversation.requester-changed.v1'> {
  return createEnvelope(
    'interaction.conversation.requester-changed.v1',
    {
      interactionId,
      profileId,
      requesterAddress: REQUESTER,
      requesterUserId,
      identityConflict: false,
      identityConflictReason: null,
      auditId: uuidv7(),
      ...overrides,
    },
    { correlationId: interactionId },
  );
}

export function inboundMessage(
  interactionId: string,
  body: string,
  occurredAt: Date,
  sequence: number,
  messageId = uuidv7(),
): EnvelopeOf<'interaction.message.appended.v1'> {
  return createEnvelope(
    'interaction.message.appended.v1',
    {
      interactionId,
      messageId,
      direction: 'inbound',
      author: { kind: 'requester', id: ADA },
      body,
      media: [],
      occurredAt: occurredAt.toISOString(),
      gatewaySequence: sequence,
    },
    { correlationId: interactionId },
  );
}

export function outboundMessage(
  interactionId: string,
  messageId: string,
  agentId: string,
  body: string,
  occurredAt: Date,
): EnvelopeOf<'interaction.message.appended.v1'> {
  return createEnvelope(
    'interaction.message.appended.v1',
    {
      interactionId,
      messageId,
      direction: 'outbound',
      author: { kind: 'agent', id: agentId },
      body,
      media: [],
      occurredAt: occurredAt.toISOString(),
      gatewaySequence: null,
    },
    { correlationId: interactionId },
  );
}

/** SPEC S1: a system note for agents only (a queue notice, a virtual agent's handoff). */
export function agentNote(
  interactionId: string,
  messageId: string,
  body: string,
  occurredAt: Date,
): EnvelopeOf<'interaction.message.appended.v1'> {
  return createEnvelope(
    'interaction.message.appended.v1',
    {
      interactionId,
      messageId,
      direction: 'internal',
      author: { kind: 'system', id: null },
      body,
      media: [],
      occurredAt: occurredAt.toISOString(),
      gatewaySequence: null,
      visibility: 'agents_only',
    },
    { correlationId: interactionId },
  );
}

export function stateChanged(
  interactionId: string,
  from: PayloadOf<'interaction.conversation.state-changed.v1'>['from'],
  to: PayloadOf<'interaction.conversation.state-changed.v1'>['to'],
  assigneeId: string | null,
): EnvelopeOf<'interaction.conversation.state-changed.v1'> {
  return createEnvelope(
    'interaction.conversation.state-changed.v1',
    { interactionId, from, to, assigneeId },
    { correlationId: interactionId },
  );
}

export function offerCreated(
  interactionId: string,
  agentId: string,
  workItemId = uuidv7(),
  expiresAt = new Date(Date.now() + 60_000),
): EnvelopeOf<'routing.offer.created.v1'> {
  return createEnvelope(
    'routing.offer.created.v1',
    { workItemId, interactionId, agentId, expiresAt: expiresAt.toISOString() },
    { correlationId: interactionId },
  );
}

export function workItemAssigned(
  interactionId: string,
  agentId: string,
  workItemId: string,
): EnvelopeOf<'routing.workitem.assigned.v1'> {
  return createEnvelope(
    'routing.workitem.assigned.v1',
    { workItemId, interactionId, agentId },
    { correlationId: interactionId },
  );
}

export function statusChanged(
  outboundId: string,
  status: PayloadOf<'sms.outbound.status-changed.v1'>['status'],
  interactionId: string | null,
  errorCode: string | null = null,
): EnvelopeOf<'sms.outbound.status-changed.v1'> {
  return createEnvelope(
    'sms.outbound.status-changed.v1',
    { outboundId, providerMessageId: `SM${outboundId.replace(/-/g, '')}`, status, errorCode, interactionId },
    { correlationId: interactionId },
  );
}

/** The events that make a conversation assigned to `agentId`, in the order they are produced. */
export function assignedConversation(
  interactionId: string,
  agentId: string,
  firstMessage: string,
  at: Date,
  sequence: number,
  overrides: Partial<PayloadOf<'interaction.conversation.created.v1'>> = {},
): Array<
  EnvelopeOf<
    | 'interaction.conversation.created.v1'
    | 'interaction.message.appended.v1'
    | 'interaction.conversation.state-changed.v1'
  >
> {
  return [
    conversationCreated(interactionId, overrides, at),
    inboundMessage(interactionId, firstMessage, at, sequence),
    stateChanged(interactionId, 'new', 'work_in_progress', agentId),
  ];
}
