import { createEnvelope, type Envelope, type PayloadOf, type Subject } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { derivedMessageId } from '../domain/derived-id';
import { InteractionRepository, type NewMessage } from '../infra/interaction.repository';
import type { OptOutState } from '../infra/opt-out.repository';
import type { RequesterOptOuts } from './requester-opt-outs';

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
  /**
   * SPEC S2: what to record when the requester opted out, so nothing is sent. Absent: an agent's
   * message records nothing (the agent is told); any other records one generic note per
   * conversation and opt-out. `sendAnyway` is for the opt-out confirmation, the one message an
   * opted-out number receives.
   */
  whenOptedOut?: { note: AgentNote } | 'sendAnyway';
}

/**
 * What became of a message for the requester: queued for sms-gateway, already in a transcript
 * (nothing new was written), or not sent because the requester opted out (SPEC S2).
 */
export type SendOutcome =
  { kind: 'queued' } | { kind: 'duplicate' } | { kind: 'opted_out'; optOut: OptOutState };

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

  constructor(
    private readonly outbox: Outbox,
    private readonly optOuts: RequesterOptOuts,
  ) {}

  /**
   * Appends a requester-visible outbound message and hands it to sms-gateway (`sms.outbound.send.v1`),
   * unless the requester opted out of the company number (SPEC S2): that is checked here, in the
   * transaction that queues the send, so no path to the phone can skip it.
   */
  async sendToRequester(
    manager: EntityManager,
    interaction: TranscriptInteraction,
    message: RequesterMessage,
  ): Promise<SendOutcome> {
    const optOut = await this.optOuts.optedOutForSend(manager, pairOf(interaction));
    if (optOut && message.whenOptedOut !== 'sendAnyway') {
      await this.recordSkipped(manager, interaction, message, optOut);
      return { kind: 'opted_out', optOut };
    }
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
    if (!(await new InteractionRepository(manager).appendMessage(entry))) return { kind: 'duplicate' };
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
    return { kind: 'queued' };
  }

  /**
   * SPEC S2: an SMS to a requester with no conversation to record it in (the answer to a keyword
   * texted outside one). sms-gateway sends an `outboundId` once, so a derived id sends once.
   */
  async sendOutsideTranscript(
    manager: EntityManager,
    pair: { companyAddress: string; requesterAddress: string },
    message: { body: string; messageId: string; causationId: string },
  ): Promise<void> {
    await this.outbox.add(manager, [
      createEnvelope(
        'sms.outbound.send.v1',
        {
          outboundId: message.messageId,
          from: pair.companyAddress,
          to: pair.requesterAddress,
          body: message.body,
          interactionId: null,
        },
        { causationId: message.causationId },
      ),
    ]);
  }

  private async recordSkipped(
    manager: EntityManager,
    interaction: TranscriptInteraction,
    message: RequesterMessage,
    optOut: OptOutState,
  ): Promise<void> {
    const when = message.whenOptedOut;
    if (when !== undefined && when !== 'sendAnyway') {
      await this.noteForAgents(manager, interaction, when.note);
      return;
    }
    if (message.authorKind === 'agent') return;
    // Once per conversation and opt-out: a virtual agent answering every message would repeat it.
    await this.noteForAgents(manager, interaction, {
      body: 'Not sent: the requester opted out of messages from this number.',
      messageId: derivedMessageId(interaction.id, `opted-out-skipped/${optOut.changedAt}`),
      causationId: message.causationId,
      occurredAt: message.occurredAt,
    });
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

function pairOf(interaction: TranscriptInteraction): { companyAddress: string; requesterAddress: string } {
  return { companyAddress: interaction.companyAddress, requesterAddress: interaction.requesterAddress };
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
