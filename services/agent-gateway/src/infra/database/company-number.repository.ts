import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CompanyNumber } from '../../domain/company-numbers';

interface CompanyNumberRow {
  company_address: string;
  label: string;
}

const toNumber = (row: CompanyNumberRow): CompanyNumber => ({
  address: row.company_address,
  label: row.label,
});

@Injectable()
export class CompanyNumberRepository {
  /** The numbers listed for one agent, by label. */
  async forAgent(manager: EntityManager, agentId: string): Promise<CompanyNumber[]> {
    const rows = await manager.query<CompanyNumberRow[]>(
      `SELECT company_address, label FROM agent_company_number WHERE agent_id = $1
        ORDER BY label, company_address`,
      [agentId],
    );
    return rows.map(toNumber);
  }

  /** Every number listed for anyone, once each (the first label by name when agents differ). */
  async all(manager: EntityManager): Promise<CompanyNumber[]> {
    const rows = await manager.query<CompanyNumberRow[]>(
      `SELECT company_address, label FROM (
         SELECT DISTINCT ON (company_address) company_address, label
           FROM agent_company_number ORDER BY company_address, label) listed
        ORDER BY label, company_address`,
    );
    return rows.map(toNumber);
  }

  /** Makes `numbers` the agent's list, exactly (the seed runs again and again). */
  async replaceForAgent(
    manager: EntityManager,
    agentId: string,
    numbers: readonly CompanyNumber[],
  ): Promise<void> {
    await manager.query(`DELETE FROM agent_company_number WHERE agent_id = $1`, [agentId]);
    for (const number of numbers) {
      await manager.query(
        `INSERT INTO agent_company_number (agent_id, company_address, label) VALUES ($1, $2, $3)`,
        [agentId, number.address, number.label],
      );
    }
  }
}
