import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { queries } from '@threadline/contracts';
import {
  CONFIG,
  CONSUMERS,
  type ConsumerRegistry,
  consumerOf,
  DATA_SOURCE,
  LOGGER,
  NOTHING_TO_DO,
  OUTBOX,
  type Outbox,
  QUERIES,
  type QueryRegistry,
  RUNTIME,
  type ServiceRuntime,
} from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ActionCatalog } from '../app/action-catalog';
import type { Clock } from '../app/clock';
import { FireActionUseCase, type PreparedFiring } from '../app/fire-action';
import { FollowConversationUseCase } from '../app/follow-conversation.use-case';
import { ListInteractionTimersUseCase } from '../app/list-interaction-timers.use-case';
import { MessagingActionsUseCase } from '../app/messaging-actions.use-case';
import { TimerMetrics } from '../app/timer-metrics';
import { TimerScheduler } from '../app/timer-scheduler';
import type { TimerConfig } from '../timer.config';
import { TimerRepository } from './timer.repository';

/** The scheduler's time: the system's, but for tests that bring their own. */
export const TIMER_CLOCK = Symbol('TIMER_CLOCK');

/**
 * What the timer service listens to and answers, each wired to its use case, and the scheduler
 * that fires due timers while the service runs (it starts with the overdue ones).
 */
@Injectable()
export class TimerHandlers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  scheduler?: TimerScheduler<PreparedFiring>;

  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(QUERIES) private readonly queryRegistry: QueryRegistry,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: TimerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(TIMER_CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const { config, dataSource, logger } = this;
    const catalog = new ActionCatalog(dataSource);
    const metrics = new TimerMetrics(this.runtime.metrics, () =>
      new TimerRepository(dataSource.manager).armedCount(),
    );
    const fireAction = new FireActionUseCase(
      catalog,
      this.runtime,
      this.outbox,
      metrics,
      { askTimeoutMs: config.TIMER_ASK_TIMEOUT_MS },
      logger,
    );
    const scheduler = new TimerScheduler(dataSource, fireAction.firing, this.clock, {
      horizonMs: config.TIMER_HORIZON_MS,
      batchSize: config.TIMER_BATCH_SIZE,
      retryMs: config.TIMER_RETRY_MS,
      logger,
      onGiveUp: (timer) => metrics.fired('failed', 'unknown', Date.now() - timer.dueAt.getTime()),
    });
    this.scheduler = scheduler;
    const follow = new FollowConversationUseCase(catalog, scheduler, metrics);
    const admin = new MessagingActionsUseCase(dataSource, catalog, metrics);
    const listTimers = new ListInteractionTimersUseCase(dataSource, catalog);

    // SPEC M1–M3: requester, agent and virtual-agent messages arm and disarm; the rest is let go
    // without a transaction (system messages and agents-only notes start no silence).
    this.consumers.registerPrepared({
      declaration: consumerOf('timer', 'interaction.message.appended.v1'),
      prepare: (envelope) => Promise.resolve(follow.sideOf(envelope) ?? NOTHING_TO_DO),
      handler: (envelope, handling) =>
        follow.onMessage(envelope, handling.prepared, handling.manager, (effect) =>
          handling.afterCommit(effect),
        ),
    });
    // SPEC M6: closing a conversation disarms its timers; other state changes leave them.
    this.consumers.registerPrepared({
      declaration: consumerOf('timer', 'interaction.conversation.state-changed.v1'),
      prepare: (envelope) => Promise.resolve(follow.closes(envelope) ? true : NOTHING_TO_DO),
      handler: (envelope, handling) =>
        follow.onClose(envelope, handling.manager, handling.logger, (effect) => handling.afterCommit(effect)),
    });
    this.queryRegistry.answer(queries.listMessagingActions, () => admin.list());
    this.queryRegistry.answer(queries.createMessagingAction, (request) => admin.create(request));
    this.queryRegistry.answer(queries.updateMessagingAction, (request) => admin.update(request));
    this.queryRegistry.answer(queries.deleteMessagingAction, (request) => admin.delete(request));
    this.queryRegistry.answer(queries.listInteractionTimers, (request) => listTimers.execute(request));
  }

  onApplicationBootstrap(): void {
    this.scheduler?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler?.stop();
  }
}
