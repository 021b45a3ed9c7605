import { Inject, Injectable } from '@nestjs/common';
import { queries } from '@threadline/contracts';
import { AppError, DATA_SOURCE, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import type { ConversationSummary } from '../domain/views';
import { AgentAccountRepository } from '../infra/database/agent-account.repository';
import { askOwner } from './ask-owner';
import { ChangeConversationStateUseCase, type LifecycleCommand } from './change-conversation-state.use-case';
import { AgentErrorCodes } from './error-codes';

type TransferCommand = Extract<LifecycleCommand, { type: 'transfer' }>;

export interface TransferRequest {
  queueId?: string;
  agentId?: string;
  note?: string;
}

/**
 * SPEC W10: the assignee (or a manager or admin) sends a conversation to another queue or agent,
 * and routing offers it there as a new offer. Interaction decides whether they may (its refusals
 * pass through) but knows nothing of queues or agent accounts, so the target is checked here
 * first: an agent account of ours, or a queue routing has and routes to. The transfer and its note
 * are for agents only (S1); the conversation leaves the transferring agent's Ongoing at once.
 */
@Injectable()
export class TransferConversationUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly accounts: AgentAccountRepository,
    private readonly changeState: ChangeConversationStateUseCase,
  ) {}

  async execute(
    agent: AuthenticatedAgent,
    interactionId: string,
    request: TransferRequest,
  ): Promise<ConversationSummary> {
    const to = await this.target(agent, request);
    const command: TransferCommand = {
      type: 'transfer',
      to,
      ...(request.note ? { note: request.note } : {}),
    };
    return this.changeState.execute(agent, interactionId, command);
  }

  private async target(agent: AuthenticatedAgent, request: TransferRequest): Promise<TransferCommand['to']> {
    if (request.agentId !== undefined) {
      if (request.agentId === agent.id) {
        throw new AppError(
          AgentErrorCodes.TRANSFER_TO_SELF,
          400,
          'a conversation cannot be transferred to yourself',
        );
      }
      const account = await this.accounts.findById(this.dataSource.manager, request.agentId);
      if (!account?.active) {
        throw new AppError(
          AgentErrorCodes.TRANSFER_TARGET_NOT_FOUND,
          404,
          `there is no active agent ${request.agentId}`,
          { agentId: request.agentId },
        );
      }
      return { agentId: request.agentId };
    }
    const queueId = request.queueId!;
    const { queues } = await askOwner(this.runtime, queries.listQueues, {});
    const queue = queues.find((candidate) => candidate.id === queueId);
    if (!queue) {
      throw new AppError(AgentErrorCodes.TRANSFER_TARGET_NOT_FOUND, 404, `there is no queue ${queueId}`, {
        queueId,
      });
    }
    if (!queue.active) {
      throw new AppError(
        AgentErrorCodes.TRANSFER_QUEUE_INACTIVE,
        409,
        `queue ${queue.name} is not active; nobody would be offered the conversation there`,
        { queueId },
      );
    }
    return { queueId };
  }
}
