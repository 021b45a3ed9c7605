import type { EntityManager } from 'typeorm';
import type { InteractionState } from '../domain/interaction-state';
import type { HandoffReason, JsonValue } from '../domain/virtual-agent/virtual-agent';
import type { HandledBy } from './interaction.repository';

/** An interaction as the virtual agent needs it. */
export interface VirtualAgentInteraction {
  id: string;
  requesterAddress: string;
  companyAddress: string;
  state: InteractionState;
  handledBy: HandledBy;
  identityConflict: boolean;
  /** What the virtual agent kept after its last turn; null before its first. */
  vaState: JsonValue | null;
  /** How many messages it answered: the version of `vaState`. */
  vaTurns: number;
}

interface Raw {
  id: string;
  requester_address: string;
  company_address: string;
  state: InteractionState;
  handled_by: HandledBy;
  identity_conflict: boolean;
  va_state: JsonValue | null;
  va_turns: number;
}

const COLUMNS =
  'id, requester_address, company_address, state, handled_by, identity_conflict, va_state, va_turns';

function toInteraction(raw: Raw): VirtualAgentInteraction {
  return {
    id: raw.id,
    requesterAddress: raw.requester_address,
    companyAddress: raw.company_address,
    state: raw.state,
    handledBy: raw.handled_by,
    identityConflict: raw.identity_conflict,
    vaState: raw.va_state,
    vaTurns: raw.va_turns,
  };
}

/** The virtual agent's columns of the interaction table (SPEC R1, R3). */
export class VirtualAgentRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Unlocked: for reading before a transaction (the turn is checked again under the lock). */
  async find(id: string): Promise<VirtualAgentInteraction | null> {
    const [raw] = await this.manager.query<Raw[]>(`SELECT ${COLUMNS} FROM interaction WHERE id = $1`, [id]);
    return raw ? toInteraction(raw) : null;
  }

  async lock(id: string): Promise<VirtualAgentInteraction | null> {
    const [raw] = await this.manager.query<Raw[]>(
      `SELECT ${COLUMNS} FROM interaction WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return raw ? toInteraction(raw) : null;
  }

  async saveTurn(id: string, vaState: JsonValue, vaTurns: number): Promise<void> {
    await this.manager.query(
      `UPDATE interaction SET va_state = $2::jsonb, va_turns = $3, updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(vaState), vaTurns],
    );
  }

  /** The conversation leaves the virtual agent for routing, for good; no assignee until routing assigns one. */
  async handOff(
    id: string,
    change: { reason: HandoffReason; vaState: JsonValue; vaTurns: number },
  ): Promise<void> {
    // The state change itself is the state machine's, applied with applyTransition.
    await this.manager.query(
      `UPDATE interaction
          SET handled_by = 'routing', va_handoff_reason = $2, va_state = $3::jsonb, va_turns = $4,
              updated_at = now()
        WHERE id = $1`,
      [id, change.reason, JSON.stringify(change.vaState), change.vaTurns],
    );
  }
}
