import type { EntityManager } from 'typeorm';
import { DEMO_AGENTS, DEMO_PASSWORD } from '../../domain/demo-agents';
import { DEMO_AGENT_COMPANY_NUMBERS } from '../../domain/demo-company-numbers';
import { hashPassword } from '../../domain/password';
import { AgentAccountRepository } from './agent-account.repository';
import { CompanyNumberRepository } from './company-number.repository';

/**
 * Upserts the demo agents with the demo password, and the company numbers each may start
 * conversations from; running it again resets them.
 */
export async function seedDemoAgents(manager: EntityManager): Promise<string> {
  const accounts = new AgentAccountRepository();
  const numbers = new CompanyNumberRepository();
  for (const agent of DEMO_AGENTS) {
    await accounts.upsert(manager, { ...agent, passwordHash: await hashPassword(DEMO_PASSWORD) });
    await numbers.replaceForAgent(manager, agent.id, DEMO_AGENT_COMPANY_NUMBERS[agent.username] ?? []);
  }
  const usernames = DEMO_AGENTS.map((agent) => agent.username).join(', ');
  return `${DEMO_AGENTS.length} demo agents (${usernames}), password ${DEMO_PASSWORD}, with their company numbers`;
}
