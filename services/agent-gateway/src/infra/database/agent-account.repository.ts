import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AgentRole, type AuthenticatedAgent, isAgentRole } from '../../domain/agent';

export interface AgentAccount extends AuthenticatedAgent {
  passwordHash: string;
  active: boolean;
}

interface AgentAccountRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  active: boolean;
}

function toAccount(row: AgentAccountRow): AgentAccount {
  if (!isAgentRole(row.role)) throw new Error(`agent ${row.id} has an unknown role ${row.role}`);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    active: row.active,
  };
}

const COLUMNS = 'id, username, display_name, role, password_hash, active';

@Injectable()
export class AgentAccountRepository {
  async findByUsername(manager: EntityManager, username: string): Promise<AgentAccount | null> {
    const rows = await manager.query<AgentAccountRow[]>(
      `SELECT ${COLUMNS} FROM agent_account WHERE username = $1`,
      [username],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async findById(manager: EntityManager, id: string): Promise<AgentAccount | null> {
    const rows = await manager.query<AgentAccountRow[]>(
      `SELECT ${COLUMNS} FROM agent_account WHERE id = $1`,
      [id],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** Every account, active or not, by display name (admins pick agents by name). */
  async all(manager: EntityManager): Promise<AgentAccount[]> {
    const rows = await manager.query<AgentAccountRow[]>(
      `SELECT ${COLUMNS} FROM agent_account ORDER BY lower(display_name), username`,
    );
    return rows.map(toAccount);
  }

  /** Creates the account or brings it back to these values (the seed runs again and again). */
  async upsert(
    manager: EntityManager,
    account: { id: string; username: string; displayName: string; role: AgentRole; passwordHash: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO agent_account (id, username, display_name, role, password_hash, active)
       VALUES ($1, $2, $3, $4, $5, true)
       ON CONFLICT (id) DO UPDATE SET
         username = EXCLUDED.username, display_name = EXCLUDED.display_name, role = EXCLUDED.role,
         password_hash = EXCLUDED.password_hash, active = true`,
      [account.id, account.username, account.displayName, account.role, account.passwordHash],
    );
  }
}
