import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { AgentAccountRepository } from '../infra/database/agent-account.repository';

export interface AgentAccountView extends AuthenticatedAgent {
  active: boolean;
}

/**
 * Every agent account, so an admin picks agents by name (queue members, capacities) rather than
 * by id. Their capacities are routing's: the admin pages read them from the routing overview.
 */
@Injectable()
export class ListAgentAccountsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly accounts: AgentAccountRepository,
  ) {}

  async execute(): Promise<AgentAccountView[]> {
    const accounts = await this.accounts.all(this.dataSource.manager);
    return accounts.map(({ id, username, displayName, role, active }) => ({
      id,
      username,
      displayName,
      role,
      active,
    }));
  }
}
