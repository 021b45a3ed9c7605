import { Injectable } from '@nestjs/common';
import type { EnvelopeOf, PayloadOf } from '@threadline/contracts';
import type { EntityManager } from 'typeorm';

/** SPEC S2: a phone pair that receives nothing, since when and how it came to be so. */
export interface RequesterOptOutView {
  since: string;
  source: PayloadOf<'interaction.requester.opt-out-changed.v1'>['source'];
  /** The keyword the requester texted; null when the provider refused a send. */
  keyword: string | null;
}

/** requester_opt_out_view: interaction's opt-outs, one row per phone pair. */
@Injectable()
export class OptOutViewRepository {
  /** Applies the change unless a later one of the pair is already applied. */
  async apply(
    manager: EntityManager,
    envelope: EnvelopeOf<'interaction.requester.opt-out-changed.v1'>,
  ): Promise<boolean> {
    const { data } = envelope;
    const applied = await manager.query<unknown[]>(
      `INSERT INTO requester_opt_out_view
              (company_address, requester_address, opted_out, changed_at, source, keyword, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (company_address, requester_address) DO UPDATE SET
         opted_out = EXCLUDED.opted_out, changed_at = EXCLUDED.changed_at, source = EXCLUDED.source,
         keyword = EXCLUDED.keyword, event_id = EXCLUDED.event_id
       WHERE requester_opt_out_view.event_id < EXCLUDED.event_id
       RETURNING 1`,
      [
        data.companyAddress,
        data.requesterAddress,
        data.optedOut,
        data.occurredAt,
        data.source,
        data.keyword,
        envelope.id,
      ],
    );
    return applied.length > 0;
  }

  /** The pair's opt-out while it is opted out; null otherwise (or when the pair is not known). */
  async find(
    manager: EntityManager,
    pair: { companyAddress: string | null; requesterAddress: string | null },
  ): Promise<RequesterOptOutView | null> {
    if (pair.companyAddress === null || pair.requesterAddress === null) return null;
    const [row] = await manager.query<
      Array<{ changed_at: Date; source: RequesterOptOutView['source']; keyword: string | null }>
    >(
      `SELECT changed_at, source, keyword FROM requester_opt_out_view
        WHERE company_address = $1 AND requester_address = $2 AND opted_out`,
      [pair.companyAddress, pair.requesterAddress],
    );
    return row ? { since: row.changed_at.toISOString(), source: row.source, keyword: row.keyword } : null;
  }
}
