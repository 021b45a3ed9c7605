import { Inject, Injectable } from '@nestjs/common';
import { AppError, DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { canView } from '../domain/push-routing';
import { emptyConversation } from '../domain/read-model';
import {
  type ConversationSummary,
  openOfferAgentIds,
  toConversationSummary,
  toTranscriptMessage,
  type TranscriptMessage,
} from '../domain/views';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { MessageViewRepository } from '../infra/database/message-view.repository';
import { OfferViewRepository } from '../infra/database/offer-view.repository';
import { AgentErrorCodes } from './error-codes';

export interface InteractionDetail {
  interaction: ConversationSummary;
  messages: TranscriptMessage[];
}

/**
 * A conversation and its transcript, for its assignee or an agent it is offered to. Anyone
 * else gets the same 404 as for a conversation that does not exist, so ids reveal nothing.
 * SPEC I3: the assignee opening it clears its unread mark.
 */
@Injectable()
export class OpenInteractionUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly conversations: ConversationViewRepository,
    private readonly offers: OfferViewRepository,
    private readonly messages: MessageViewRepository,
  ) {}

  execute(agentId: string, interactionId: string): Promise<InteractionDetail> {
    return this.dataSource.transaction(async (manager) => {
      // The lock keeps a message projected meanwhile from being counted and then cleared.
      await this.conversations.lock(manager, interactionId);
      const stored = await this.conversations.find(manager, interactionId);
      const offers = await this.offers.forInteraction(manager, interactionId);
      if (!canView(agentId, stored?.assigneeId ?? null, openOfferAgentIds(offers, new Date()))) {
        throw new AppError(
          AgentErrorCodes.INTERACTION_NOT_FOUND,
          404,
          `no interaction ${interactionId} for you`,
        );
      }
      let conversation = stored ?? emptyConversation(interactionId);
      if (conversation.assigneeId === agentId && conversation.unreadCount > 0) {
        await this.conversations.markRead(manager, interactionId);
        conversation = { ...conversation, unreadCount: 0 };
      }
      const transcript = await this.messages.transcript(manager, interactionId);
      return {
        interaction: toConversationSummary(conversation),
        messages: transcript
          .map(toTranscriptMessage)
          .filter((line): line is TranscriptMessage => line !== null),
      };
    });
  }
}
