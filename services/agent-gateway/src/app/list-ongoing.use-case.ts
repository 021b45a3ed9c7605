import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { type ConversationSummary, toConversationSummary } from '../domain/views';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';

/** SPEC I2: the Ongoing tab. */
@Injectable()
export class ListOngoingUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly conversations: ConversationViewRepository,
  ) {}

  async execute(agentId: string): Promise<ConversationSummary[]> {
    const conversations = await this.conversations.listOngoing(this.dataSource.manager, agentId);
    return conversations.map(toConversationSummary);
  }
}
