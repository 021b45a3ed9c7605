import { createEnvelope, type Envelope, type PayloadOf, type Subject } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { InteractionRepository, type NewMessage } from '../infra/interaction.repository';

/** The interaction a transcript entry belongs to. */
export interface TranscriptInteraction {
  id: string;
  requesterAddress: string;
  companyAddress: string;
}

/** A message the requester receives by SMS. */
export interface RequesterMessage {
  authorKind: 'agent' | 'virtual_agent' | 'system';
  /** The agent's id; null for the virtual agent and the system. */
  authorId: string | null;
  body: string;
  /** SPEC S5: images sent with it, already stored by agent-gateway. */
  media?: Array<Extract<PayloadOf<'interaction.message.appended.v1'>['media'][number], { status: 'stored' }>>;
  /** Also the id of the SMS send: the same id never sends twice. */
  messageId: string;
  /** The writer's clock when absent. */
  occurredAt?: Date;
  /** The event that caused the entry, if any. */
  causationId?: string;
}

/** A transcript entry for agents only: joined, left, transfer and queue notices, a handoff. */
export interface AgentNote {
  body: string;
  /** The agent the notice is about (joined, left, ended it), so agents' screens can name them. */
  agentId?: string;
  /** A new uuid v7 when absent; pass a derived one to make the note idempotent. */
  messageId?: string;
  occurredAt?: Date;
  causationId?: string;
}

/**
 * SPEC S1, in one place: what the requester is sent and what only agents see. Requesters get
 * agent and virtual-agent replies, messaging-action prompts and the company number's greeting and
 * closing message, through {@link sendToRequester}; every other system message is a
 * {@link noteForAgents} and never reaches the phone.
 *
 * Both write in the caller's transaction (with the outbox) and return false, publishing nothing,
 * when the message id is already in a transcript.
 */
export class TranscriptWriter {
  private lastMs = 0;

  constructor(private readonly outbox: Outbox) {}

  /** Appends a requester-visible outbound message and hands it to sms-gateway (`sms.outbound.send.v1`). */
  async sendToRequester(
    manager: EntityManager,
    interaction: TranscriptInteraction,
    message: RequesterMessage,
  ): Promise<boolean> {
    const entry: NewMessage = {
      id: message.messageId,
      interactionId: interaction.id,
      direction: 'outbound',
      authorKind: message.authorKind,
      authorId: message.authorId,
      body: message.body,
      media: message.media ?? [],
      occurredAt: this.timeOf(message.occurredAt),
      gatewaySequence: null,
      deliveryStatus: 'queued',
      visibility: 'requester_visible',
    };
    if (!(await new InteractionRepository(manager).appendMessage(entry))) return false;
    const options = { correlationId: interaction.id, causationId: message.causationId ?? null };
    await this.outbox.add(manager, [
      appended(entry, options),
      createEnvelope(
        'sms.outbound.send.v1',
        {
          outboundId: entry.id,
          from: interaction.companyAddress,
          to: interaction.requesterAddress,
          body: entry.body,
          interactionId: interaction.id,
          ...(message.media?.length
            ? { media: message.media.map(({ key, contentType }) => ({ key, contentType })) }
            : {}),
        },
        options,
      ),
    ]);
    return true;
  }

  /** Appends an agents-only system entry; it is announced to agents and never sent by SMS. */
  async noteForAgents(
    manager: EntityManager,
    interaction: TranscriptInteraction,
    note: AgentNote,
  ): Promise<boolean> {
    const entry: NewMessage = {
      id: note.messageId ?? uuidv7(),
      interactionId: interaction.id,
      direction: 'internal',
      authorKind: 'system',
      authorId: note.agentId ?? null,
      body: note.body,
      media: [],
      occurredAt: this.timeOf(note.occurredAt),
      gatewaySequence: null,
      deliveryStatus: null,
      visibility: 'agents_only',
    };
    if (!(await new InteractionRepository(manager).appendMessage(entry))) return false;
    await this.outbox.add(manager, [
      appended(entry, { correlationId: interaction.id, causationId: note.causationId ?? null }),
    ]);
    return true;
  }

  /** The given time, or now; never the same millisecond as this writer's previous entry. */
  private timeOf(given: Date | undefined): string {
    if (given) return given.toISOString();
    this.lastMs = Math.max(Date.now(), this.lastMs + 1);
    return new Date(this.lastMs).toISOString();
  }
}

function appended(
  entry: NewMessage,
  options: { correlationId: string; causationId: string | null },
): Envelope<Subject> {
  return createEnvelope(
    'interaction.message.appended.v1',
    {
      interactionId: entry.interactionId,
      messageId: entry.id,
      direction: entry.direction,
      author: { kind: entry.authorKind, id: entry.authorId },
      body: entry.body,
      media: entry.media,
      occurredAt: entry.occurredAt,
      gatewaySequence: entry.gatewaySequence,
      visibility: entry.visibility,
    },
    options,
  );
}
