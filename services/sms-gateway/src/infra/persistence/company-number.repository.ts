import type { EntityManager } from 'typeorm';
import { isNumberType, type NumberType } from '../../domain/send-rate';

export interface CompanyNumber {
  /** E.164 */
  address: string;
  provider: string;
  label: string;
  active: boolean;
  /** Decides the number's send rate. */
  numberType: NumberType;
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

  /**
   * The provider account and type of an active number, or null for a number we do not use: a
   * send goes out through that provider (docs/providers.md) at that type's rate (docs/send-rates.md).
   */
  async activeNumber(address: string): Promise<{ provider: string; numberType: NumberType } | null> {
    const [row] = await this.manager.query<Array<{ provider: string; number_type: string }>>(
      `SELECT provider, number_type FROM company_number WHERE address = $1 AND active`,
      [address],
    );
    return row && isNumberType(row.number_type)
      ? { provider: row.provider, numberType: row.number_type }
      : null;
  }

  async upsert(number: CompanyNumber): Promise<void> {
    await this.manager.query(
      `INSERT INTO company_number (address, provider, label, active, number_type) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (address) DO UPDATE
         SET provider = EXCLUDED.provider, label = EXCLUDED.label, active = EXCLUDED.active,
             number_type = EXCLUDED.number_type, updated_at = now()`,
      [number.address, number.provider, number.label, number.active, number.numberType],
    );
  }
}
