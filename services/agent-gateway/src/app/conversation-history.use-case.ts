import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { type Page, toPage } from '../domain/page-cursor';
import { type HistoryEntry, toConversationOverview } from '../domain/supervision-views';
import { toTranscriptMessage, type TranscriptMessage } from '../domain/views';
import {
  ConversationSearchRepository,
  type PageRequest,
} from '../infra/database/conversation-search.repository';
import { ConversationAccess } from './conversation-access';

/**
 * SPEC I4: the earlier, completed conversations of the same phone pair, newest first, with their
 * transcripts, for whoever may read the current one. The transcripts come with them because the
 * reader of the current conversation need not be a participant of the earlier ones, so could not
 * open them one by one; what the requester said before is exactly what they need.
 */
@Injectable()
export class ConversationHistoryUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly access: ConversationAccess,
    private readonly search: ConversationSearchRepository,
  ) {}

  async execute(
    agent: AuthenticatedAgent,
    interactionId: string,
    page: PageRequest,
  ): Promise<Page<HistoryEntry>> {
    const manager = this.dataSource.manager;
    const current = await this.access.readable(manager, agent, interactionId);
    const { requesterAddress, companyAddress, createdAt } = current;
    // Its created event has not arrived yet: the phone pair is not known.
    if (requesterAddress === null || companyAddress === null || createdAt === null) {
      return { items: [], nextCursor: null };
    }
    const rows = await this.search.history(
      manager,
      { interactionId, requesterAddress, companyAddress },
      page,
    );
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.key);
    const transcripts = await this.search.transcripts(
      manager,
      items.map((row) => row.conversation.interactionId),
    );
    return {
      items: items.map((row) => ({
        ...toConversationOverview(row.conversation),
        messages: (transcripts.get(row.conversation.interactionId) ?? [])
          .map(toTranscriptMessage)
          .filter((line): line is TranscriptMessage => line !== null),
      })),
      nextCursor,
    };
  }
}
