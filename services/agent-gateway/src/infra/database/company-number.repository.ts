import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CompanyNumber } from '../../domain/company-numbers';

interface CompanyNumberRow {
  company_address: string;
  label: string;
}

interface AgentOfNumberRow {
  agent_id: string;
  username: string;
  display_name: string;
}

/** A number and the agents listed for it (managers and admins may use it too, by role). */
export interface CompanyNumberWithAgents extends CompanyNumber {
  agents: Array<{ id: string; username: string; displayName: string }>;
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

  /**
   * Every number listed for anyone with the agents it is listed for (by display name), for
   * admins. A number's label is the first by name when agents' rows differ, as in `all`.
   */
  async allWithAgents(manager: EntityManager): Promise<CompanyNumberWithAgents[]> {
    const rows = await manager.query<Array<CompanyNumberRow & AgentOfNumberRow>>(
      `SELECT listed.company_address, listed.label, a.id AS agent_id, a.username, a.display_name
         FROM (SELECT DISTINCT ON (company_address) company_address, label
                 FROM agent_company_number ORDER BY company_address, label) listed
         JOIN agent_company_number n ON n.company_address = listed.company_address
         JOIN agent_account a ON a.id = n.agent_id
        ORDER BY listed.label, listed.company_address, lower(a.display_name), a.username`,
    );
    const byAddress = new Map<string, CompanyNumberWithAgents>();
    for (const row of rows) {
      const number = byAddress.get(row.company_address) ?? { ...toNumber(row), agents: [] };
      number.agents.push({ id: row.agent_id, username: row.username, displayName: row.display_name });
      byAddress.set(row.company_address, number);
    }
    return [...byAddress.values()];
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
