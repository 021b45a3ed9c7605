import type { PayloadOf } from '@threadline/contracts';
import type { EntityManager } from 'typeorm';

export type OptOutSource = PayloadOf<'interaction.requester.opt-out-changed.v1'>['source'];

/** A phone pair that texted a keyword or was refused by the provider, as it stands now. */
export interface OptOutState {
  optedOut: boolean;
  changedAt: string;
  source: OptOutSource;
  keyword: string | null;
}

export interface PhonePair {
  companyAddress: string;
  requesterAddress: string;
}

interface RawOptOut {
  opted_out: boolean;
  changed_at: Date;
  source: OptOutSource;
  keyword: string | null;
}

/**
 * SPEC S2: the `requester_opt_out` table. Sends and changes of one pair are serialised by a
 * transaction-scoped advisory lock: every send takes it shared, every change exclusively, so a
 * send that read "opted in" commits before a STOP is recorded, and none starts after it.
 */
export class OptOutRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Taken by every send to the pair, before it reads the state (many sends at once are fine). */
  async lockForSend(pair: PhonePair): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))`, [lockKey(pair)]);
  }

  /** Taken before the pair's state changes: waits for sends in flight, holds off new ones. */
  async lockForChange(pair: PhonePair): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [lockKey(pair)]);
  }

  async find(pair: PhonePair): Promise<OptOutState | null> {
    const [raw] = await this.manager.query<RawOptOut[]>(
      `SELECT opted_out, changed_at, source, keyword FROM requester_opt_out
        WHERE company_address = $1 AND requester_address = $2`,
      [pair.companyAddress, pair.requesterAddress],
    );
    return raw
      ? {
          optedOut: raw.opted_out,
          changedAt: raw.changed_at.toISOString(),
          source: raw.source,
          keyword: raw.keyword,
        }
      : null;
  }

  async save(pair: PhonePair, state: OptOutState): Promise<void> {
    await this.manager.query(
      `INSERT INTO requester_opt_out (company_address, requester_address, opted_out, changed_at, source, keyword)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (company_address, requester_address) DO UPDATE
         SET opted_out = EXCLUDED.opted_out, changed_at = EXCLUDED.changed_at,
             source = EXCLUDED.source, keyword = EXCLUDED.keyword`,
      [
        pair.companyAddress,
        pair.requesterAddress,
        state.optedOut,
        state.changedAt,
        state.source,
        state.keyword,
      ],
    );
  }
}

function lockKey(pair: PhonePair): string {
  return `interaction.opt-out:${pair.companyAddress}:${pair.requesterAddress}`;
}
