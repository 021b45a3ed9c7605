import type { EntityManager } from 'typeorm';

export interface CompanyNumber {
  /** E.164 */
  address: string;
  provider: string;
  label: string;
  active: boolean;
}

/** The numbers the company owns at its providers; every method runs in the caller's transaction. */
export class CompanyNumberRepository {
  constructor(private readonly manager: EntityManager) {}

  async isActive(address: string, provider: string): Promise<boolean> {
    const rows = await this.manager.query<unknown[]>(
      `SELECT 1 FROM company_number WHERE address = $1 AND provider = $2 AND active`,
      [address, provider],
    );
    return rows.length > 0;
  }

  /** The provider account an active number belongs to, or null for a number we do not use. */
  async activeProvider(address: string): Promise<string | null> {
    const rows = await this.manager.query<Array<{ provider: string }>>(
      `SELECT provider FROM company_number WHERE address = $1 AND active`,
      [address],
    );
    return rows[0]?.provider ?? null;
  }

  async upsert(number: CompanyNumber): Promise<void> {
    await this.manager.query(
      `INSERT INTO company_number (address, provider, label, active) VALUES ($1, $2, $3, $4)
       ON CONFLICT (address) DO UPDATE
         SET provider = EXCLUDED.provider, label = EXCLUDED.label, active = EXCLUDED.active, updated_at = now()`,
      [number.address, number.provider, number.label, number.active],
    );
  }
}
