import { Inject, Injectable } from '@nestjs/common';
import { AppError, DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { searchScopeOf } from '../domain/conversation-access';
import { type Page, toPage } from '../domain/page-cursor';
import { type SearchHit, toConversationOverview, toSnippetParts } from '../domain/supervision-views';
import {
  ConversationSearchRepository,
  type PageRequest,
  type SearchFilters,
} from '../infra/database/conversation-search.repository';
import { AgentErrorCodes } from './error-codes';

export type SearchConversationsQuery = Omit<SearchFilters, 'scope'>;

/**
 * SPEC I4: completed conversations stay findable, with their transcript. Agents find the ones
 * they may open (held now, or completed and taken part in); managers and admins find all.
 */
@Injectable()
export class SearchConversationsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly search: ConversationSearchRepository,
  ) {}

  async execute(
    agent: AuthenticatedAgent,
    query: SearchConversationsQuery,
    page: PageRequest,
  ): Promise<Page<SearchHit>> {
    const manager = this.dataSource.manager;
    if (query.words !== null && !(await this.search.hasSearchableWords(manager, query.words))) {
      throw new AppError(AgentErrorCodes.VALIDATION_FAILED, 400, 'the search is invalid', [
        { path: 'q', message: 'has no words to search for' },
      ]);
    }
    const rows = await this.search.search(manager, { ...query, scope: searchScopeOf(agent) }, page);
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.key);
    return {
      items: items.map((row) => ({
        ...toConversationOverview(row.conversation),
        match:
          row.match === null
            ? null
            : {
                messageId: row.match.messageId,
                occurredAt: row.match.occurredAt.toISOString(),
                snippet: toSnippetParts(row.match.headline),
              },
      })),
      nextCursor,
    };
  }
}
