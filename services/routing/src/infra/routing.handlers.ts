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
  OUTBOX,
  type Outbox,
  QUERIES,
  type QueryRegistry,
  RUNTIME,
  type ServiceRuntime,
} from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AcceptOfferUseCase } from '../app/accept-offer.use-case';
import { Dispatcher } from '../app/dispatcher';
import { EnqueueUseCase } from '../app/enqueue.use-case';
import { ExpireOffersUseCase } from '../app/expire-offers.use-case';
import { FollowInteractionUseCase } from '../app/follow-interaction.use-case';
import { PresenceWatchUseCase } from '../app/presence-watch.use-case';
import { RejectOfferUseCase } from '../app/reject-offer.use-case';
import { RoutingAdminUseCase } from '../app/routing-admin.use-case';
import { RoutingMetrics } from '../app/routing-metrics';
import { RoutingSettings } from '../app/routing-settings';
import { SetPresenceUseCase } from '../app/set-presence.use-case';
import { TransferUseCase } from '../app/transfer.use-case';
import { WorkItemOfInteractionUseCase } from '../app/work-item-of-interaction.use-case';
import type { RoutingConfig } from '../routing.config';
import { RoutingRepository } from './routing.repository';

/** What routing listens to and answers, each wired to its use case, and its periodic work. */
@Injectable()
export class RoutingHandlers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly settings: RoutingSettings;
  private readonly periodic: Array<{
    every: number;
    run: () => Promise<unknown>;
    timer?: NodeJS.Timeout;
    running?: Promise<unknown>;
  }> = [];
  private dispatcher?: Dispatcher;

  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(QUERIES) private readonly queryRegistry: QueryRegistry,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: RoutingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
  ) {
    this.settings = new RoutingSettings(config.ROUTING_DEFAULT_CAPACITY);
  }

  onModuleInit(): void {
    const { config, dataSource, outbox, settings } = this;
    const metrics = new RoutingMetrics(this.runtime.metrics, () =>
      new RoutingRepository(dataSource.manager).backlog(),
    );
    const dispatcher = new Dispatcher(outbox, settings, config.ROUTING_OFFER_TIMEOUT_SECONDS, metrics);
    this.dispatcher = dispatcher;
    const enqueue = new EnqueueUseCase(dispatcher, outbox, settings, metrics);
    const followInteraction = new FollowInteractionUseCase(dispatcher, outbox);
    const transfer = new TransferUseCase(dispatcher, outbox, settings);
    const setPresence = new SetPresenceUseCase(
      dataSource,
      dispatcher,
      settings,
      outbox,
      metrics,
      config.ROUTING_REASSIGN_ON_UNAVAILABLE,
    );
    const presenceWatch = new PresenceWatchUseCase(
      dataSource,
      setPresence,
      config.ROUTING_HEARTBEAT_TIMEOUT_SECONDS,
    );
    const acceptOffer = new AcceptOfferUseCase(dataSource, outbox, metrics);
    const rejectOffer = new RejectOfferUseCase(dataSource, outbox, dispatcher, metrics);
    const expireOffers = new ExpireOffersUseCase(
      dataSource,
      outbox,
      dispatcher,
      settings,
      config.ROUTING_OFFER_TIMEOUT_PRESENCE,
      metrics,
    );

    this.consumers.register({
      declaration: consumerOf('routing', 'routing.workitem.enqueue.v1'),
      handler: (envelope, { manager, logger }) => enqueue.execute(envelope, manager, logger),
    });
    this.consumers.register({
      declaration: consumerOf('routing', 'routing.workitem.transfer.v1'),
      handler: (envelope, { manager, logger }) => transfer.execute(envelope, manager, logger),
    });
    this.consumers.register({
      declaration: consumerOf('routing', 'interaction.conversation.state-changed.v1'),
      handler: (envelope, { manager, logger }) => followInteraction.execute(envelope, manager, logger),
    });
    this.queryRegistry.answer(queries.setAgentPresence, (request) => setPresence.execute(request));
    this.queryRegistry.answer(queries.heartbeat, (request) => presenceWatch.heartbeat(request));
    this.queryRegistry.answer(queries.acceptOffer, (request) => acceptOffer.execute(request));
    const admin = new RoutingAdminUseCase(dataSource, settings, dispatcher, config.ROUTING_DEFAULT_CAPACITY);
    this.queryRegistry.answer(queries.listQueues, () => admin.listQueues());
    this.queryRegistry.answer(queries.createQueue, (request) => admin.createQueue(request));
    this.queryRegistry.answer(queries.updateQueue, (request) => admin.updateQueue(request));
    this.queryRegistry.answer(queries.orderQueues, (request) => admin.orderQueues(request));
    this.queryRegistry.answer(queries.listPresenceStates, () => admin.listPresenceStates());
    this.queryRegistry.answer(queries.putPresenceState, (request) => admin.putPresenceState(request));
    this.queryRegistry.answer(queries.listChannels, () => admin.listChannels());
    this.queryRegistry.answer(queries.updateChannel, (request) => admin.updateChannel(request));
    this.queryRegistry.answer(queries.setAgentCapacity, (request) => admin.setAgentCapacity(request));
    this.queryRegistry.answer(queries.routingOverview, () => admin.overview());
    this.queryRegistry.answer(queries.rejectOffer, (request) => rejectOffer.execute(request, this.logger));
    const workItemOfInteraction = new WorkItemOfInteractionUseCase(dataSource);
    this.queryRegistry.answer(queries.workItemOfInteraction, (request) =>
      workItemOfInteraction.execute(request),
    );

    // SPEC W6: offers past their deadline go back to the queue within about one sweep interval.
    this.every(config.ROUTING_OFFER_SWEEP_MS, 'offer timeout sweep', () => expireOffers.sweep(this.logger));
    // SPEC W3: agents silent past the heartbeat timeout go offline.
    this.every(config.ROUTING_OFFER_SWEEP_MS * 4, 'heartbeat sweep', () => presenceWatch.sweep(this.logger));
    // Work skipped while an agent was busy on another replica, and queues whose schedule opened.
    this.every(config.ROUTING_DISPATCH_INTERVAL_MS, 'periodic dispatch', () => this.dispatchWaiting());
  }

  onApplicationBootstrap(): void {
    for (const task of this.periodic) {
      task.timer = setInterval(() => {
        if (task.running) return;
        task.running = task.run().finally(() => (task.running = undefined));
      }, task.every);
      task.timer.unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const task of this.periodic) clearInterval(task.timer);
    await Promise.all(this.periodic.map((task) => task.running ?? Promise.resolve()));
  }

  private every(ms: number, name: string, run: () => Promise<unknown>): void {
    this.periodic.push({
      every: ms,
      run: () =>
        run().catch((error: unknown) =>
          this.logger.warn({ err: error }, `${name} failed; the next one retries`),
        ),
    });
  }

  private async dispatchWaiting(): Promise<void> {
    if (!(await new RoutingRepository(this.dataSource.manager).anythingWaiting())) return;
    await this.dataSource.transaction((manager) => this.dispatcher!.dispatch(manager));
  }
}
