import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { type Page, toPage } from '../domain/page-cursor';
import { type SupervisedConversation, toQueuedWork } from '../domain/supervision-views';
import {
  ConversationSearchRepository,
  type PageRequest,
  type WaitingFilters,
} from '../infra/database/conversation-search.repository';
import { requireSupervisor } from './conversation-access';

/**
 * SPEC I5: the conversations waiting in queues, queued or offered, the one waiting longest
 * first (from when it entered routing: a reassigned item keeps its age, SPEC W8).
 */
@Injectable()
export class ListWaitingWorkUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly search: ConversationSearchRepository,
  ) {}

  async execute(
    agent: AuthenticatedAgent,
    filters: WaitingFilters,
    page: PageRequest,
  ): Promise<Page<SupervisedConversation>> {
    requireSupervisor(agent);
    const rows = await this.search.waiting(this.dataSource.manager, filters, page);
    const now = new Date();
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.key);
    return { items: items.map((row) => toQueuedWork(row.conversation, now)), nextCursor };
  }
}
