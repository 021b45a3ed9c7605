import { Inject, Injectable } from '@nestjs/common';
import { queries, type RequestOf } from '@threadline/contracts';
import { AppError, DATA_SOURCE, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { type ConversationSummary, toConversationSummary } from '../domain/views';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { ReadModelConsumers } from '../infra/messaging/read-model.consumers';
import { askOwner } from './ask-owner';
import { AgentErrorCodes } from './error-codes';
import { stateChangedEnvelope } from './own-writes';

export type LifecycleCommand = RequestOf<typeof queries.changeState>['command'];

/**
 * SPEC I5 and W4: end, hold, resume, or complete the wrap-up of a conversation. Interaction owns
 * the decision (its assignee, or a manager or admin; its state); the committed change is shown in
 * the read models before the answer, so Ongoing no longer lists an ended conversation.
 */
@Injectable()
export class ChangeConversationStateUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly conversations: ConversationViewRepository,
    private readonly readModels: ReadModelConsumers,
  ) {}

  async execute(
    agent: AuthenticatedAgent,
    interactionId: string,
    command: LifecycleCommand,
  ): Promise<ConversationSummary> {
    const changed = await askOwner(this.runtime, queries.changeState, {
      interactionId,
      actor: { id: agent.id, role: agent.role },
      command,
    });
    if (changed.stateChanged) {
      await this.readModels.applyOwnWrite(
        'interaction.conversation.state-changed.v1',
        stateChangedEnvelope(changed.stateChanged),
      );
    }
    const conversation = await this.conversations.find(this.dataSource.manager, interactionId);
    if (!conversation) {
      // Interaction knows it but our read model has not heard of it yet: a moment after it opened.
      throw new AppError(
        AgentErrorCodes.INTERACTION_NOT_FOUND,
        404,
        `interaction ${interactionId} is not known yet`,
      );
    }
    return toConversationSummary(conversation);
  }
}
