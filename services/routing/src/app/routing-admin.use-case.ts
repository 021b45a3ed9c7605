import { describeCondition, type queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { AppError } from '@threadline/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { effectiveCapacity } from '../domain/capacity';
import { receivesWorkOn } from '../domain/presence';
import { checkQueueSettings, reorder } from '../domain/queue-settings';
import { isQueueOpen } from '../domain/select-queue';
import { RoutingAdminRepository, type StoredQueue } from '../infra/routing-admin.repository';
import { RoutingSettingsRepository } from '../infra/routing-settings.repository';
import type { Dispatcher } from './dispatcher';
import type { RoutingSettings } from './routing-settings';

type Queue = ResponseOf<typeof queries.createQueue>;
type QueueInput = Omit<RequestOf<typeof queries.createQueue>, 'position'>;

/**
 * Routing's configuration, changed by admins through agent-gateway (SPEC W1–W3, W5, W7), and the
 * manager's overview. Every change is one transaction; what it frees up is dispatched at once,
 * and this replica's cached settings are dropped (others pick the change up within a second).
 */
export class RoutingAdminUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RoutingSettings,
    private readonly dispatcher: Dispatcher,
    private readonly defaultCapacity: number,
  ) {}

  async listQueues(): Promise<ResponseOf<typeof queries.listQueues>> {
    const queues = await new RoutingAdminRepository(this.dataSource.manager).queues();
    return { queues: queues.map(toQueue) };
  }

  createQueue(request: RequestOf<typeof queries.createQueue>): Promise<Queue> {
    return this.change(async (manager, repository) => {
      await repository.lockQueueOrder();
      const existing = await repository.queue(request.id);
      // Sent again with the same id: the queue it created.
      if (existing) return toQueue(existing);
      const { position, ...input } = request;
      await this.write(manager, repository, input, false, async (row) => repository.insertQueue(row));
      await this.renumber(
        repository,
        reorder(await this.orderedIds(repository), request.id, position ?? null),
      );
      return toQueue((await repository.queue(request.id))!);
    });
  }

  updateQueue(request: RequestOf<typeof queries.updateQueue>): Promise<Queue> {
    return this.change(async (manager, repository) => {
      const current = await repository.queue(request.id);
      if (!current) throw new AppError('QUEUE_NOT_FOUND', 404, `there is no queue ${request.id}`);
      const input: QueueInput = {
        id: current.id,
        name: request.name ?? current.name,
        active: request.active ?? current.active,
        condition: request.condition === undefined ? current.condition : request.condition,
        schedule: request.schedule === undefined ? current.schedule : request.schedule,
        assignmentRule: request.assignmentRule ?? current.rule,
        autoAssign: request.autoAssign ?? current.autoAssign,
        offerTimeoutSeconds:
          request.offerTimeoutSeconds === undefined
            ? current.offerTimeoutSeconds
            : request.offerTimeoutSeconds,
        offerTimeoutPresence:
          request.offerTimeoutPresence === undefined
            ? current.offerTimeoutPresence
            : request.offerTimeoutPresence,
        members: request.members ?? current.members,
      };
      await this.write(manager, repository, input, current.fallback, (row) =>
        repository.updateQueue({ ...row, position: current.position }),
      );
      return toQueue((await repository.queue(request.id))!);
    });
  }

  orderQueues(
    request: RequestOf<typeof queries.orderQueues>,
  ): Promise<ResponseOf<typeof queries.listQueues>> {
    return this.change(async (_manager, repository) => {
      await repository.lockQueueOrder();
      const ordered = await this.orderedIds(repository);
      const given = request.queueIds;
      const same =
        given.length === ordered.length &&
        new Set(given).size === given.length &&
        given.every((id) => ordered.includes(id));
      if (!same) {
        throw new AppError(
          'QUEUE_ORDER_MISMATCH',
          400,
          'queueIds must name every queue but the fallback exactly once',
          { expected: ordered },
        );
      }
      await this.renumber(repository, given);
      return { queues: (await repository.queues()).map(toQueue) };
    });
  }

  async listPresenceStates(): Promise<ResponseOf<typeof queries.listPresenceStates>> {
    const states = await new RoutingSettingsRepository(this.dataSource.manager).presenceStates();
    return {
      states: states.map((state) => ({
        ...state,
        channels: state.channels?.filter((channel): channel is 'sms' => channel === 'sms') ?? null,
      })),
    };
  }

  putPresenceState(
    request: RequestOf<typeof queries.putPresenceState>,
  ): Promise<ResponseOf<typeof queries.putPresenceState>> {
    return this.change(async (manager, repository) => {
      const states = await new RoutingSettingsRepository(manager).presenceStates();
      const builtIn = states.find((state) => state.name === request.name && state.builtIn);
      if (builtIn && (builtIn.receivesWork !== request.receivesWork || request.name === 'offline')) {
        throw new AppError(
          'PRESENCE_STATE_BUILT_IN',
          409,
          `"${request.name}" is built in: whether it receives work cannot change`,
        );
      }
      await repository.putPresenceState(request);
      return { ...request, builtIn: builtIn !== undefined };
    });
  }

  async listChannels(): Promise<ResponseOf<typeof queries.listChannels>> {
    const channels = await new RoutingSettingsRepository(this.dataSource.manager).channels();
    return {
      channels: channels.map((channel) => ({
        name: 'sms' as const,
        defaultCapacity: channel.defaultCapacity ?? this.defaultCapacity,
        itemSize: channel.itemSize,
      })),
    };
  }

  updateChannel(
    request: RequestOf<typeof queries.updateChannel>,
  ): Promise<ResponseOf<typeof queries.updateChannel>> {
    return this.change(async (manager, repository) => {
      if (!(await repository.updateChannel(request.name, request)))
        throw new AppError('CHANNEL_NOT_FOUND', 404, `there is no channel ${request.name}`);
      const channel = (await new RoutingSettingsRepository(manager).channels()).find(
        (c) => c.name === request.name,
      )!;
      return {
        name: request.name,
        defaultCapacity: channel.defaultCapacity ?? this.defaultCapacity,
        itemSize: channel.itemSize,
      };
    });
  }

  setAgentCapacity(
    request: RequestOf<typeof queries.setAgentCapacity>,
  ): Promise<ResponseOf<typeof queries.setAgentCapacity>> {
    return this.change(async (_manager, repository) => {
      await repository.setCapacity(request.agentId, request.universalCapacity, request.channels);
      return request;
    });
  }

  async overview(): Promise<ResponseOf<typeof queries.routingOverview>> {
    const manager = this.dataSource.manager;
    const settings = await this.settings.get(manager);
    const { queues, agents } = await new RoutingAdminRepository(manager).overview();
    const sms = settings.channels.get('sms') ?? { defaultCapacity: this.defaultCapacity, itemSize: 1 };
    const agentViews = agents.map((agent) => {
      const state = settings.presence.get(agent.presence);
      const capacity = effectiveCapacity({
        ownChannelCapacity: agent.own_capacity,
        channelDefaultCapacity: sms.defaultCapacity,
        universalCapacity: agent.universal_capacity,
        channelLoad: agent.load,
        totalLoad: agent.load,
      });
      return {
        agentId: agent.id,
        presence: agent.presence,
        receivesWork: state ? receivesWorkOn(state, 'sms') : false,
        capacity,
        load: agent.load,
        lastSeenAt: agent.last_seen_at?.toISOString() ?? null,
        queueIds: agent.queue_ids,
      };
    });
    const now = new Date();
    return {
      queues: settings.queues.map((queue) => {
        const counts = queues.find((row) => row.id === queue.id);
        const members = agentViews.filter((agent) => agent.queueIds.includes(queue.id));
        return {
          id: queue.id,
          name: queue.name,
          active: queue.active,
          open: isQueueOpen(queue, now),
          fallback: queue.fallback,
          waiting: counts?.waiting ?? 0,
          offered: counts?.offered ?? 0,
          assigned: counts?.assigned ?? 0,
          oldestWaitingSeconds: counts?.oldest ?? null,
          members: counts?.members ?? 0,
          membersAvailable: members.filter((agent) => agent.receivesWork && agent.load < agent.capacity)
            .length,
        };
      }),
      agents: agentViews,
    };
  }

  /** One admin change: its transaction, then whatever it freed up is offered, and the cache dropped. */
  private async change<T>(
    work: (manager: EntityManager, repository: RoutingAdminRepository) => Promise<T>,
  ): Promise<T> {
    const result = await this.dataSource.transaction(async (manager) => {
      const answer = await work(manager, new RoutingAdminRepository(manager));
      this.settings.invalidate();
      await this.dispatcher.dispatch(manager);
      return answer;
    });
    this.settings.invalidate();
    return result;
  }

  private async write(
    manager: EntityManager,
    repository: RoutingAdminRepository,
    input: QueueInput,
    fallback: boolean,
    store: (row: Parameters<RoutingAdminRepository['insertQueue']>[0]) => Promise<void>,
  ): Promise<void> {
    const presenceStates = (await new RoutingSettingsRepository(manager).presenceStates()).map((s) => s.name);
    const checked = checkQueueSettings(input, { fallback, presenceStates });
    if (!checked.ok)
      throw new AppError('QUEUE_INVALID', 400, 'the queue settings are not valid', checked.errors);
    if (await repository.nameTaken(input.name, input.id))
      throw new AppError('QUEUE_NAME_TAKEN', 409, `a queue is already called "${input.name}"`);
    await store({
      id: input.id,
      name: input.name,
      position: 0,
      active: input.active,
      condition: checked.condition,
      schedule: checked.schedule,
      rule: input.assignmentRule,
      autoAssign: input.autoAssign,
      offerTimeoutSeconds: input.offerTimeoutSeconds,
      offerTimeoutPresence: input.offerTimeoutPresence,
    });
    await repository.setMembers(input.id, [...new Set(input.members)]);
  }

  private async orderedIds(repository: RoutingAdminRepository): Promise<string[]> {
    return (await repository.queues()).filter((queue) => !queue.fallback).map((queue) => queue.id);
  }

  /** Positions 1..n in this order; the fallback queue after them all. */
  private async renumber(repository: RoutingAdminRepository, ids: readonly string[]): Promise<void> {
    const fallback = (await repository.queues()).find((queue) => queue.fallback);
    await repository.setPositions(fallback ? [...ids, fallback.id] : ids);
  }
}

function toQueue(queue: StoredQueue): Queue {
  return {
    id: queue.id,
    name: queue.name,
    position: queue.position,
    active: queue.active,
    fallback: queue.fallback,
    condition: queue.condition,
    conditionText: queue.condition ? describeCondition(queue.condition) : null,
    schedule: queue.schedule,
    assignmentRule: queue.rule,
    autoAssign: queue.autoAssign,
    offerTimeoutSeconds: queue.offerTimeoutSeconds,
    offerTimeoutPresence: queue.offerTimeoutPresence,
    members: queue.members,
    updatedAt: queue.updatedAt.toISOString(),
  };
}
