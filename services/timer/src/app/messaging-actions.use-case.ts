import { describeCondition, type queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { AppError } from '@threadline/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { checkActionCondition } from '../domain/action-settings';
import {
  type ActionRow,
  MessagingActionRepository,
  type StoredAction,
} from '../infra/messaging-action.repository';
import { TimerRepository } from '../infra/timer.repository';
import type { ActionCatalog } from './action-catalog';
import type { TimerMetrics } from './timer-metrics';

type Action = ResponseOf<typeof queries.createMessagingAction>;
type Settings = Omit<RequestOf<typeof queries.createMessagingAction>, 'id'>;

export const MESSAGING_ACTION_ERRORS = {
  /** A field is wrong; `details` lists each as { path, code, message } (the filter's by its path). */
  INVALID: 'MESSAGING_ACTION_INVALID',
  NAME_TAKEN: 'MESSAGING_ACTION_NAME_TAKEN',
  NOT_FOUND: 'MESSAGING_ACTION_NOT_FOUND',
} as const;

/**
 * Messaging actions as admins define them (SPEC M1–M5, M7), through agent-gateway. The request's
 * shape was checked against the contract already; here the filter is checked against the field
 * catalog, names are unique (ignoring case), and each change is one transaction. A change is seen
 * by this replica at once and by the others within a second. Timers already armed keep their
 * deadline; at the deadline, an action switched off since runs nothing, and deleting an action
 * disarms its timers.
 */
export class MessagingActionsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ActionCatalog,
    private readonly metrics: TimerMetrics,
  ) {}

  async list(): Promise<ResponseOf<typeof queries.listMessagingActions>> {
    const manager = this.dataSource.manager;
    const [actions, armed] = await Promise.all([
      new MessagingActionRepository(manager).all(),
      new TimerRepository(manager).armedCountsByAction(),
    ]);
    return { actions: actions.map((action) => toAction(action, armed.get(action.id) ?? 0)) };
  }

  create(request: RequestOf<typeof queries.createMessagingAction>): Promise<Action> {
    return this.change(async (manager, repository) => {
      const existing = await repository.find(request.id);
      // Sent again with the same id: the action it created.
      if (existing) return this.answer(manager, existing);
      const { id, ...settings } = request;
      const row = await this.checked(repository, id, settings);
      // A concurrent create of the same id wins or loses here; either way the row is the answer.
      await repository.insert(row);
      return this.answer(manager, (await repository.find(id))!);
    });
  }

  update(request: RequestOf<typeof queries.updateMessagingAction>): Promise<Action> {
    return this.change(async (manager, repository) => {
      const current = await repository.lock(request.id);
      if (!current) throw notFound(request.id);
      const settings: Settings = {
        name: request.name ?? current.name,
        active: request.active ?? current.active,
        event: request.event ?? current.event,
        durationSeconds: request.durationSeconds ?? current.durationSeconds,
        condition: request.condition === undefined ? current.condition : request.condition,
        action: request.action ?? current.action,
      };
      await repository.update(await this.checked(repository, current.id, settings));
      return this.answer(manager, (await repository.find(current.id))!);
    });
  }

  async delete(
    request: RequestOf<typeof queries.deleteMessagingAction>,
  ): Promise<ResponseOf<typeof queries.deleteMessagingAction>> {
    const disarmed = await this.change(async (manager, repository) => {
      if (!(await repository.lock(request.id))) throw notFound(request.id);
      const count = await new TimerRepository(manager).disarmAllOfAction(request.id);
      await repository.delete(request.id);
      return count;
    });
    this.metrics.disarmed('action_deleted', disarmed);
    return { id: request.id, disarmedTimers: disarmed };
  }

  private async checked(
    repository: MessagingActionRepository,
    id: string,
    settings: Settings,
  ): Promise<ActionRow> {
    const condition = checkActionCondition(settings.condition);
    if (!condition.ok) {
      throw new AppError(
        MESSAGING_ACTION_ERRORS.INVALID,
        400,
        'the messaging action is not valid',
        condition.errors,
      );
    }
    if (await repository.nameTaken(settings.name, id)) {
      throw new AppError(
        MESSAGING_ACTION_ERRORS.NAME_TAKEN,
        409,
        `a messaging action is already called "${settings.name}"`,
      );
    }
    return { id, ...settings, condition: condition.condition };
  }

  private async answer(manager: EntityManager, action: StoredAction): Promise<Action> {
    const armed = await new TimerRepository(manager).armedCountsByAction();
    return toAction(action, armed.get(action.id) ?? 0);
  }

  private async change<T>(
    work: (manager: EntityManager, repository: MessagingActionRepository) => Promise<T>,
  ): Promise<T> {
    const result = await this.dataSource.transaction((manager) =>
      work(manager, new MessagingActionRepository(manager)),
    );
    this.catalog.invalidate();
    return result;
  }
}

function notFound(id: string): AppError {
  return new AppError(MESSAGING_ACTION_ERRORS.NOT_FOUND, 404, `there is no messaging action ${id}`);
}

function toAction(action: StoredAction, armedTimers: number): Action {
  return {
    id: action.id,
    name: action.name,
    active: action.active,
    event: action.event,
    durationSeconds: action.durationSeconds,
    condition: action.condition,
    conditionText: action.condition ? describeCondition(action.condition) : null,
    action: action.action,
    builtIn: action.builtIn,
    armedTimers,
    createdAt: action.createdAt.toISOString(),
    updatedAt: action.updatedAt.toISOString(),
  };
}
