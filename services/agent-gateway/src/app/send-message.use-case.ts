import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { AppError, DATA_SOURCE, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { MediaUploadRepository } from '../infra/database/media-upload.repository';
import { askOwner } from './ask-owner';
import { AgentErrorCodes } from './error-codes';
import { ownUploads } from './media.use-cases';

export interface SendMessageCommand {
  agentId: string;
  interactionId: string;
  body: string;
  /** Lets a client retry a send without sending twice; generated when absent. */
  clientMessageId?: string;
  /** SPEC S5: ids of images this agent uploaded (POST /media). */
  mediaIds?: readonly string[];
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
    private readonly uploads: MediaUploadRepository,
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
    const media = await ownUploads(this.dataSource, this.uploads, command.agentId, command.mediaIds ?? []);
    const sent = await askOwner(this.runtime, queries.sendMessage, {
      interactionId: command.interactionId,
      messageId: command.clientMessageId ?? uuidv7(),
      agentId: command.agentId,
      body: command.body,
      ...(media.length > 0 ? { media } : {}),
    });
    return { messageId: sent.messageId, deliveryStatus: sent.deliveryStatus };
  }
}
