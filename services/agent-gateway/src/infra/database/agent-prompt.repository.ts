import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgentPrompt, NewAgentPrompt } from '../../domain/agent-prompts';

interface AgentPromptRow {
  id: string;
  interaction_id: string;
  action_id: string;
  action_name: string | null;
  text: string;
  deadline: Date;
  created_at: Date;
  dismissed_at: Date | null;
}

const COLUMNS = `id, interaction_id, action_id, action_name, text, deadline, created_at, dismissed_at`;

const toPrompt = (row: AgentPromptRow): AgentPrompt => ({
  id: row.id,
  interactionId: row.interaction_id,
  actionId: row.action_id,
  actionName: row.action_name,
  text: row.text,
  deadline: row.deadline.toISOString(),
  createdAt: row.created_at.toISOString(),
  dismissedAt: row.dismissed_at?.toISOString() ?? null,
});

/** SPEC M5: the prompts messaging actions made for agents (table agent_prompt). */
@Injectable()
export class AgentPromptRepository {
  /** Writes the prompt unless one with its id exists; answers it only when this call wrote it. */
  async insert(manager: EntityManager, prompt: NewAgentPrompt): Promise<AgentPrompt | null> {
    const rows = await manager.query<AgentPromptRow[]>(
      `INSERT INTO agent_prompt (id, agent_id, interaction_id, action_id, action_name, text, deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        prompt.id,
        prompt.agentId,
        prompt.interactionId,
        prompt.actionId,
        prompt.actionName,
        prompt.text,
        prompt.deadline,
      ],
    );
    const [row] = rows;
    return row ? toPrompt(row) : null;
  }

  /** The agent's prompts not dismissed yet, newest first. */
  async open(manager: EntityManager, agentId: string): Promise<AgentPrompt[]> {
    const rows = await manager.query<AgentPromptRow[]>(
      `SELECT ${COLUMNS} FROM agent_prompt
        WHERE agent_id = $1 AND dismissed_at IS NULL
        ORDER BY created_at DESC, id DESC`,
      [agentId],
    );
    return rows.map(toPrompt);
  }

  /**
   * Dismisses the agent's prompt: `dismissed` says whether this call did it (false when it was
   * already dismissed). Null when the agent has no prompt with this id.
   */
  async dismiss(
    manager: EntityManager,
    agentId: string,
    promptId: string,
  ): Promise<{ prompt: AgentPrompt; dismissed: boolean } | null> {
    // A dismissal racing this one waits for its row lock, then finds dismissed_at set.
    // TypeORM answers an UPDATE with [returned rows, affected count], not with the rows alone.
    const [[dismissed]] = await manager.query<[AgentPromptRow[], number]>(
      `UPDATE agent_prompt SET dismissed_at = now()
        WHERE id = $1 AND agent_id = $2 AND dismissed_at IS NULL
        RETURNING ${COLUMNS}`,
      [promptId, agentId],
    );
    if (dismissed) return { prompt: toPrompt(dismissed), dismissed: true };
    const [existing] = await manager.query<AgentPromptRow[]>(
      `SELECT ${COLUMNS} FROM agent_prompt WHERE id = $1 AND agent_id = $2`,
      [promptId, agentId],
    );
    return existing ? { prompt: toPrompt(existing), dismissed: false } : null;
  }
}
