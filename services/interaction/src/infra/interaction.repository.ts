import type {
  DeliveryFailureReason,
  DeliveryStatus,
  PayloadOf,
  queries,
  ResponseOf,
} from '@threadline/contracts';
import type { EntityManager } from 'typeorm';
import type { StoredInteractionFacts } from '../domain/interaction-facts';
import type { InteractionState } from '../domain/interaction-state';
import type { EndOutcome } from '../domain/interaction-transition';

export type IdentityConflictReason = NonNullable<
  PayloadOf<'profile.requester.resolved.v1'>['identityConflictReason']
>;

export interface InteractionRow {
  id: string;
  requesterAddress: string;
  companyAddress: string;
  state: InteractionState;
  assigneeId: string | null;
  /** Set exactly while the interaction is in `wrap_up`: how it will close. */
  pendingOutcome: EndOutcome | null;
  requesterUserId: string;
  handledBy: HandledBy;
}

interface RawInteraction {
  id: string;
  requester_address: string;
  company_address: string;
  state: InteractionState;
  assignee_id: string | null;
  pending_outcome: EndOutcome | null;
  requester_user_id: string;
  handled_by: HandledBy;
}

export type MessageVisibility = NonNullable<PayloadOf<'interaction.message.appended.v1'>['visibility']>;

/** Who answers an interaction's requester: the virtual agent, or live agents through routing (SPEC R1). */
export type HandledBy = 'virtual_agent' | 'routing';

/** A committed `interaction.conversation.state-changed.v1`, as a command answers it. */
export type LastStateChange = NonNullable<ResponseOf<typeof queries.changeState>['stateChanged']>;

export interface NewMessage {
  id: string;
  interactionId: string;
  direction: 'inbound' | 'outbound' | 'internal';
  authorKind: 'requester' | 'agent' | 'virtual_agent' | 'system';
  authorId: string | null;
  body: string;
  media: PayloadOf<'interaction.message.appended.v1'>['media'];
  occurredAt: string;
  gatewaySequence: number | null;
  deliveryStatus: DeliveryStatus | null;
  /** SPEC S1: `agents_only` entries are notes for agents, never sent to the requester. */
  visibility: MessageVisibility;
}

const COLUMNS =
  'id, requester_address, company_address, state, assignee_id, pending_outcome, requester_user_id, handled_by';
const ACTIVE = `state NOT IN ('closed_complete', 'closed_abandoned')`;

function toRow(raw: RawInteraction): InteractionRow {
  return {
    id: raw.id,
    requesterAddress: raw.requester_address,
    companyAddress: raw.company_address,
    state: raw.state,
    assigneeId: raw.assignee_id,
    pendingOutcome: raw.pending_outcome,
    requesterUserId: raw.requester_user_id,
    handledBy: raw.handled_by,
  };
}

/** SQL over the interaction schema; every method runs in the caller's transaction. */
export class InteractionRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Opens the active interaction of a phone pair unless one exists; returns null when the
   * partial unique index says another transaction holds (or just committed) the pair's.
   */
  async insertIfNoneActive(interaction: {
    id: string;
    requesterAddress: string;
    companyAddress: string;
    requesterUserId: string;
    profileId: string | null;
    identityConflict: boolean;
    identityConflictReason: IdentityConflictReason | null;
    /** The profile change the requester reflects; older changes arriving later are ignored. */
    requesterAuditId: string | null;
    initiatedBy: 'requester' | 'agent';
    state: InteractionState;
    assigneeId: string | null;
    handledBy: HandledBy;
  }): Promise<InteractionRow | null> {
    const [raw] = await this.manager.query<RawInteraction[]>(
      `INSERT INTO interaction (id, channel, requester_address, company_address, requester_user_id, profile_id,
                                identity_conflict, identity_conflict_reason, requester_audit_id, initiated_by,
                                state, assignee_id, handled_by)
       VALUES ($1, 'sms', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (channel, requester_address, company_address) WHERE ${ACTIVE} DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        interaction.id,
        interaction.requesterAddress,
        interaction.companyAddress,
        interaction.requesterUserId,
        interaction.profileId,
        interaction.identityConflict,
        interaction.identityConflictReason,
        interaction.requesterAuditId,
        interaction.initiatedBy,
        interaction.state,
        interaction.assigneeId,
        interaction.handledBy,
      ],
    );
    return raw ? toRow(raw) : null;
  }

  /**
   * SPEC P5: the open interactions of a profile show its new requester, and the agent's
   * choice settles any identity conflict. Changes are applied in the order they were made
   * (audit ids are uuid v7), so a late redelivery of an older change never wins.
   */
  async followProfile(
    profileId: string,
    requesterUserId: string,
    auditId: string,
  ): Promise<Array<{ id: string; requesterAddress: string }>> {
    // TypeORM answers an UPDATE with [returned rows, affected count], not with the rows alone.
    const [rows] = await this.manager.query<[Array<{ id: string; requester_address: string }>, number]>(
      `UPDATE interaction
          SET requester_user_id = $2, identity_conflict = false, identity_conflict_reason = NULL,
              requester_audit_id = $3, updated_at = now()
        WHERE profile_id = $1 AND ${ACTIVE}
          AND (requester_audit_id IS NULL OR requester_audit_id < $3)
        RETURNING id, requester_address`,
      [profileId, requesterUserId, auditId],
    );
    return rows.map((row) => ({ id: row.id, requesterAddress: row.requester_address }));
  }

  /** The phone pair's active interaction, locked until the transaction ends. */
  lockActive(requesterAddress: string, companyAddress: string): Promise<InteractionRow | null> {
    return this.findActive(requesterAddress, companyAddress, { lock: true });
  }

  /** The phone pair's active interaction, as it is now; locked only when asked. */
  async findActive(
    requesterAddress: string,
    companyAddress: string,
    { lock }: { lock: boolean } = { lock: false },
  ): Promise<InteractionRow | null> {
    const [raw] = await this.manager.query<RawInteraction[]>(
      `SELECT ${COLUMNS} FROM interaction
        WHERE channel = 'sms' AND requester_address = $1 AND company_address = $2 AND ${ACTIVE}
        ${lock ? 'FOR UPDATE' : ''}`,
      [requesterAddress, companyAddress],
    );
    return raw ? toRow(raw) : null;
  }

  /**
   * SPEC R4: the phone pair's most recently closed interaction, locked, with when it closed. A
   * concurrent reopen of the same row makes this find nothing once that one commits.
   */
  async lockLatestClosed(
    requesterAddress: string,
    companyAddress: string,
  ): Promise<(InteractionRow & { closedAt: Date }) | null> {
    const [raw] = await this.manager.query<Array<RawInteraction & { closed_at: Date }>>(
      `SELECT ${COLUMNS}, closed_at FROM interaction
        WHERE channel = 'sms' AND requester_address = $1 AND company_address = $2 AND NOT (${ACTIVE})
          AND closed_at IS NOT NULL
        ORDER BY closed_at DESC LIMIT 1
        FOR UPDATE`,
      [requesterAddress, companyAddress],
    );
    return raw ? { ...toRow(raw), closedAt: raw.closed_at } : null;
  }

  async lockById(id: string): Promise<InteractionRow | null> {
    const [raw] = await this.manager.query<RawInteraction[]>(
      `SELECT ${COLUMNS} FROM interaction WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return raw ? toRow(raw) : null;
  }

  /**
   * Writes a state the state machine accepted. `closed_at` is set on entering a final state, and
   * `ended_by` by whoever ended it (kept through wrap-up); both are cleared when a conversation
   * opens again (R4), so a reopened one does not name whoever ended it before.
   */
  async applyState(
    id: string,
    change: {
      state: InteractionState;
      assigneeId: string | null;
      pendingOutcome: EndOutcome | null;
      endedBy: string | null;
      /** The state-changed event this change publishes (id, time, data). */
      event: LastStateChange;
    },
  ): Promise<void> {
    await this.manager.query(
      `UPDATE interaction
          SET state = $2, assignee_id = $3, pending_outcome = $4, last_state_change = $6::jsonb,
              ended_by = CASE WHEN $2 IN ('wrap_up', 'closed_complete', 'closed_abandoned')
                              THEN COALESCE($5, ended_by) ELSE NULL END,
              closed_at = CASE WHEN $2 IN ('closed_complete', 'closed_abandoned') THEN now() ELSE NULL END,
              updated_at = now()
        WHERE id = $1`,
      [
        id,
        change.state,
        change.assigneeId,
        change.pendingOutcome,
        change.endedBy,
        JSON.stringify(change.event),
      ],
    );
  }

  /** The state-changed event that made the interaction what it is now; null before the first. */
  async lastStateChange(id: string): Promise<LastStateChange | null> {
    const [raw] = await this.manager.query<Array<{ last_state_change: LastStateChange | null }>>(
      `SELECT last_state_change FROM interaction WHERE id = $1`,
      [id],
    );
    return raw?.last_state_change ?? null;
  }

  /** SPEC M4: what a messaging action's filter tests, as the row is now (unlocked); null when unknown. */
  async findFacts(id: string): Promise<StoredInteractionFacts | null> {
    const [raw] = await this.manager.query<
      Array<{
        channel: string;
        company_address: string;
        requester_address: string;
        identity_conflict: boolean;
        state: InteractionState;
        assignee_id: string | null;
        va_handoff_reason: StoredInteractionFacts['handoffReason'];
      }>
    >(
      `SELECT channel, company_address, requester_address, identity_conflict, state, assignee_id, va_handoff_reason
         FROM interaction WHERE id = $1`,
      [id],
    );
    return raw
      ? {
          channel: raw.channel,
          companyAddress: raw.company_address,
          requesterAddress: raw.requester_address,
          identityConflict: raw.identity_conflict,
          state: raw.state,
          assigneeId: raw.assignee_id,
          handoffReason: raw.va_handoff_reason,
        }
      : null;
  }

  /** SPEC A2: an agent who joined a conversation without taking it over. */
  async addParticipant(id: string, agentId: string): Promise<void> {
    await this.manager.query(
      `UPDATE interaction SET participant_ids = array_append(participant_ids, $2), updated_at = now()
        WHERE id = $1 AND NOT ($2 = ANY (participant_ids))`,
      [id, agentId],
    );
  }

  /** The A-rule an agent's first message applied (SPEC A1–A4), so a repeated start answers the same. */
  async markAgentStart(messageId: string, rule: 'A1' | 'A2' | 'A3' | 'A4'): Promise<void> {
    await this.manager.query(`UPDATE message SET agent_start_rule = $2 WHERE id = $1`, [messageId, rule]);
  }

  async findAgentStart(
    messageId: string,
  ): Promise<{ interactionId: string; rule: 'A1' | 'A2' | 'A3' | 'A4' | null } | null> {
    const [raw] = await this.manager.query<
      Array<{ interaction_id: string; agent_start_rule: 'A1' | 'A2' | 'A3' | 'A4' | null }>
    >(`SELECT interaction_id, agent_start_rule FROM message WHERE id = $1`, [messageId]);
    return raw ? { interactionId: raw.interaction_id, rule: raw.agent_start_rule } : null;
  }

  /** Adds a message unless its id is already in a transcript; true when it was added. */
  async appendMessage(message: NewMessage): Promise<boolean> {
    // One statement: the interaction's last message time moves only when the message is new.
    const inserted = await this.manager.query<unknown[]>(
      `WITH inserted AS (
         INSERT INTO message (id, interaction_id, direction, author_kind, author_id, body, media, occurred_at,
                              gateway_sequence, delivery_status, visibility)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11)
         ON CONFLICT (id) DO NOTHING
         RETURNING id
       ), touched AS (
         UPDATE interaction SET last_message_at = GREATEST(last_message_at, $8), updated_at = now()
          WHERE id = $2 AND EXISTS (SELECT 1 FROM inserted)
       )
       SELECT id FROM inserted`,
      [
        message.id,
        message.interactionId,
        message.direction,
        message.authorKind,
        message.authorId,
        message.body,
        JSON.stringify(message.media),
        message.occurredAt,
        message.gatewaySequence,
        message.deliveryStatus,
        message.visibility,
      ],
    );
    return inserted.length > 0;
  }

  async findMessage(
    id: string,
  ): Promise<{ interactionId: string; occurredAt: string; deliveryStatus: DeliveryStatus | null } | null> {
    const [raw] = await this.manager.query<
      Array<{ interaction_id: string; occurred_at: Date; delivery_status: DeliveryStatus | null }>
    >(`SELECT interaction_id, occurred_at, delivery_status FROM message WHERE id = $1`, [id]);
    return raw
      ? {
          interactionId: raw.interaction_id,
          occurredAt: raw.occurred_at.toISOString(),
          deliveryStatus: raw.delivery_status,
        }
      : null;
  }

  /** Locks an outbound message's delivery status for an update. */
  async lockDeliveryStatus(messageId: string): Promise<{ status: DeliveryStatus | null } | null> {
    const [raw] = await this.manager.query<Array<{ delivery_status: DeliveryStatus | null }>>(
      `SELECT delivery_status FROM message WHERE id = $1 AND direction = 'outbound' FOR UPDATE`,
      [messageId],
    );
    return raw ? { status: raw.delivery_status } : null;
  }

  async setDeliveryStatus(
    messageId: string,
    status: DeliveryStatus,
    errorCode: string | null,
    reason: DeliveryFailureReason | null,
  ): Promise<void> {
    await this.manager.query(
      `UPDATE message SET delivery_status = $2, delivery_error_code = $3, delivery_failure_reason = $4
        WHERE id = $1`,
      [messageId, status, errorCode, reason],
    );
  }

  /** The interaction a message belongs to, not locked. */
  async findByMessage(messageId: string): Promise<InteractionRow | null> {
    const [raw] = await this.manager.query<RawInteraction[]>(
      `SELECT ${COLUMNS.split(', ')
        .map((column) => `i.${column}`)
        .join(', ')}
         FROM message m JOIN interaction i ON i.id = m.interaction_id WHERE m.id = $1`,
      [messageId],
    );
    return raw ? toRow(raw) : null;
  }
}
