import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import type { DataSource } from 'typeorm';
import { TimerRepository } from '../infra/timer.repository';
import type { ActionCatalog } from './action-catalog';

type ListTimers = typeof queries.listInteractionTimers;

/**
 * A conversation's messaging-action timers for agents and managers (issue 12, visibility): the
 * armed ones with their deadlines, soonest first, and on request what became of the others.
 */
export class ListInteractionTimersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ActionCatalog,
  ) {}

  async execute(request: RequestOf<ListTimers>): Promise<ResponseOf<ListTimers>> {
    const [timers, actions] = await Promise.all([
      new TimerRepository(this.dataSource.manager).listOf(
        request.interactionId,
        request.includeHistory ?? false,
      ),
      this.catalog.all(),
    ]);
    const byId = new Map(actions.map((action) => [action.id, action]));
    return {
      timers: timers.map((timer) => {
        const action = byId.get(timer.actionId);
        return {
          timerId: timer.id,
          actionId: timer.actionId,
          actionName: action?.name ?? null,
          event: action?.event ?? null,
          kind: action?.action.kind ?? null,
          state: timer.state,
          dueAt: timer.dueAt.toISOString(),
          armedByMessageId: timer.armedByMessageId,
          armedAt: timer.armedAt.toISOString(),
          firedAt: timer.firedAt?.toISOString() ?? null,
          disarmedAt: timer.disarmedAt?.toISOString() ?? null,
          outcome: timer.outcome,
        };
      }),
    };
  }
}
