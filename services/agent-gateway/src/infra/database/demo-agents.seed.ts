import type { EntityManager } from 'typeorm';
import { DEMO_AGENTS, DEMO_PASSWORD } from '../../domain/demo-agents';
import { hashPassword } from '../../domain/password';
import { AgentAccountRepository } from './agent-account.repository';

/** Upserts the demo agents with the demo password; running it again resets them. */
export async function seedDemoAgents(manager: EntityManager): Promise<string> {
  const accounts = new AgentAccountRepository();
  for (const agent of DEMO_AGENTS) {
    await accounts.upsert(manager, { ...agent, passwordHash: await hashPassword(DEMO_PASSWORD) });
  }
  return `${DEMO_AGENTS.length} demo agents (${DEMO_AGENTS.map((agent) => agent.username).join(', ')}), password ${DEMO_PASSWORD}`;
}
