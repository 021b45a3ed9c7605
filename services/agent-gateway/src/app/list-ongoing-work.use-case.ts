import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { type Page, toPage } from '../domain/page-cursor';
import { type SupervisedConversation, toOngoingWork } from '../domain/supervision-views';
import {
  ConversationSearchRepository,
  type OngoingFilters,
  type PageRequest,
} from '../infra/database/conversation-search.repository';
import { requireSupervisor } from './conversation-access';

/**
 * SPEC I5: a manager sees every agent's ongoing work: assigned and not completed, the
 * conversation whose requester has waited longest for a reply first, then the oldest.
 */
@Injectable()
export class ListOngoingWorkUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly search: ConversationSearchRepository,
  ) {}

  async execute(
    agent: AuthenticatedAgent,
    filters: OngoingFilters,
    page: PageRequest,
  ): Promise<Page<SupervisedConversation>> {
    requireSupervisor(agent);
    const rows = await this.search.ongoing(this.dataSource.manager, filters, page);
    const now = new Date();
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.key);
    return { items: items.map((row) => toOngoingWork(row.conversation, now)), nextCursor };
  }
}
