import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { AppError, DATA_SOURCE, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { askOwner } from './ask-owner';
import { AgentErrorCodes } from './error-codes';

export interface SendMessageCommand {
  agentId: string;
  interactionId: string;
  body: string;
  /** Lets a client retry a send without sending twice; generated when absent. */
  clientMessageId?: string;
}

export type SentMessage = Pick<ResponseOf<typeof queries.sendMessage>, 'messageId' | 'deliveryStatus'>;

/**
 * An agent's reply. Our read model must show the conversation as theirs (else 404, revealing
 * nothing); interaction then decides for good (NOT_ASSIGNEE, INTERACTION_CLOSED).
 */
@Injectable()
export class SendMessageUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly conversations: ConversationViewRepository,
  ) {}

  async execute(command: SendMessageCommand): Promise<SentMessage> {
    const conversation = await this.conversations.find(this.dataSource.manager, command.interactionId);
    if (conversation?.assigneeId !== command.agentId) {
      throw new AppError(
        AgentErrorCodes.INTERACTION_NOT_FOUND,
        404,
        `no interaction ${command.interactionId} assigned to you`,
      );
    }
    const sent = await askOwner(this.runtime, queries.sendMessage, {
      interactionId: command.interactionId,
      messageId: command.clientMessageId ?? uuidv7(),
      agentId: command.agentId,
      body: command.body,
    });
    return { messageId: sent.messageId, deliveryStatus: sent.deliveryStatus };
  }
}
