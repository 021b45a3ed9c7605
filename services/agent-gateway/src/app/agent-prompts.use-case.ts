import { Inject, Injectable } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { AppError, DATA_SOURCE, LOGGER } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { AgentPrompt, NewAgentPrompt } from '../domain/agent-prompts';
import { type Push, pushTo } from '../domain/push-routing';
import { AgentPromptRepository } from '../infra/database/agent-prompt.repository';
import { AgentEventBus } from '../infra/push/agent-event-bus';
import { AgentErrorCodes } from './error-codes';

/**
 * SPEC M5 "Prompt agent": the prompts messaging actions make for the agent who holds a
 * conversation, shown on their sockets at once and listed until they dismiss them.
 */
@Injectable()
export class AgentPromptsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly prompts: AgentPromptRepository,
    private readonly bus: AgentEventBus,
  ) {}

  /**
   * Writes the prompt in the consumer's transaction and says what to push once it committed:
   * `prompt.created` to its agent, or nothing when the prompt exists already (the firing was
   * delivered again, under the same or another event id).
   */
  async record(manager: EntityManager, prompt: NewAgentPrompt): Promise<Push[]> {
    const created = await this.prompts.insert(manager, prompt);
    return created ? pushTo([prompt.agentId], 'prompt.created', created, new Date()) : [];
  }

  /** The agent's undismissed prompts, newest first. */
  list(agentId: string): Promise<AgentPrompt[]> {
    return this.prompts.open(this.dataSource.manager, agentId);
  }

  /**
   * Dismisses one of the agent's prompts; again, it answers the same record. The first dismissal
   * pushes `prompt.dismissed` to the agent's sockets, so their other devices drop it too.
   * Another agent's prompt, or an unknown id: 404 PROMPT_NOT_FOUND (the two are not told apart).
   */
  async dismiss(agentId: string, promptId: string): Promise<AgentPrompt> {
    const result = await this.dataSource.transaction((manager) =>
      this.prompts.dismiss(manager, agentId, promptId),
    );
    if (!result) {
      throw new AppError(AgentErrorCodes.PROMPT_NOT_FOUND, 404, `no prompt ${promptId} for you`);
    }
    if (result.dismissed) {
      const pushes = pushTo([agentId], 'prompt.dismissed', result.prompt, new Date());
      // The dismissal is committed: a push lost now is made up for by the list, which clients
      // reload when they reconnect.
      await this.bus.publish(pushes, context.active()).catch((error: unknown) => {
        this.logger.warn({ err: error, agentId, promptId }, 'could not push a prompt dismissal');
      });
    }
    return result.prompt;
  }
}
