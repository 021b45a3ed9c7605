import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { type ConversationOverview, toConversationOverview } from '../domain/supervision-views';
import { toTranscriptMessage, type TranscriptMessage } from '../domain/views';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { MessageViewRepository } from '../infra/database/message-view.repository';
import { OptOutViewRepository, type RequesterOptOutView } from '../infra/database/opt-out-view.repository';
import { ConversationAccess } from './conversation-access';

export interface InteractionDetail {
  interaction: ConversationOverview;
  messages: TranscriptMessage[];
  /** SPEC S2: the requester opted out of the conversation's company number; nothing can be sent. */
  requesterOptedOut: RequesterOptOutView | null;
}

/**
 * A conversation and its transcript, for those who may read it (ConversationAccess: its
 * assignee, an agent it is offered to, managers and admins, and the agents who took part once
 * it is completed). SPEC I3: the assignee opening it clears its unread mark.
 */
@Injectable()
export class OpenInteractionUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly conversations: ConversationViewRepository,
    private readonly messages: MessageViewRepository,
    private readonly access: ConversationAccess,
    private readonly optOuts: OptOutViewRepository,
  ) {}

  execute(agent: Pick<AuthenticatedAgent, 'id' | 'role'>, interactionId: string): Promise<InteractionDetail> {
    return this.dataSource.transaction(async (manager) => {
      // The lock keeps a message projected meanwhile from being counted and then cleared.
      await this.conversations.lock(manager, interactionId);
      let conversation = await this.access.readable(manager, agent, interactionId);
      if (conversation.assigneeId === agent.id && conversation.unreadCount > 0) {
        await this.conversations.markRead(manager, interactionId);
        conversation = { ...conversation, unreadCount: 0 };
      }
      const transcript = await this.messages.transcript(manager, interactionId);
      const requesterOptedOut = await this.optOuts.find(manager, conversation);
      return {
        interaction: toConversationOverview(conversation),
        messages: transcript
          .map(toTranscriptMessage)
          .filter((line): line is TranscriptMessage => line !== null),
        requesterOptedOut,
      };
    });
  }
}
