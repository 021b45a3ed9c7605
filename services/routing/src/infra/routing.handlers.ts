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
} from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AcceptOfferUseCase } from '../app/accept-offer.use-case';
import { Dispatcher } from '../app/dispatcher';
import { EnqueueUseCase } from '../app/enqueue.use-case';
import { ExpireOffersUseCase } from '../app/expire-offers.use-case';
import { FollowInteractionUseCase } from '../app/follow-interaction.use-case';
import { RejectOfferUseCase } from '../app/reject-offer.use-case';
import { SetPresenceUseCase } from '../app/set-presence.use-case';
import type { RoutingConfig } from '../routing.config';

/** What routing listens to and answers, each wired to its use case, and the offer-timeout sweep. */
@Injectable()
export class RoutingHandlers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private expireOffers?: ExpireOffersUseCase;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(QUERIES) private readonly queryRegistry: QueryRegistry,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: RoutingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const dispatcher = new Dispatcher(this.outbox, this.config.ROUTING_OFFER_TIMEOUT_SECONDS);
    const enqueue = new EnqueueUseCase(dispatcher, this.outbox);
    const followInteraction = new FollowInteractionUseCase(dispatcher, this.outbox);
    const setPresence = new SetPresenceUseCase(
      this.dataSource,
      dispatcher,
      this.config.ROUTING_DEFAULT_CAPACITY,
      this.outbox,
    );
    const acceptOffer = new AcceptOfferUseCase(this.dataSource, this.outbox);
    const rejectOffer = new RejectOfferUseCase(this.dataSource, this.outbox, dispatcher);
    this.expireOffers = new ExpireOffersUseCase(
      this.dataSource,
      this.outbox,
      dispatcher,
      this.config.ROUTING_OFFER_TIMEOUT_PRESENCE,
    );

    this.consumers.register({
      declaration: consumerOf('routing', 'routing.workitem.enqueue.v1'),
      handler: (envelope, { manager, logger }) => enqueue.execute(envelope, manager, logger),
    });
    this.consumers.register({
      declaration: consumerOf('routing', 'interaction.conversation.state-changed.v1'),
      handler: (envelope, { manager, logger }) => followInteraction.execute(envelope, manager, logger),
    });
    this.queryRegistry.answer(queries.setAgentPresence, (request) => setPresence.execute(request));
    this.queryRegistry.answer(queries.acceptOffer, (request) => acceptOffer.execute(request));
    this.queryRegistry.answer(queries.rejectOffer, (request) => rejectOffer.execute(request, this.logger));
  }

  /** SPEC W6: offers past their deadline go back to the queue within about one sweep interval. */
  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.expireOffers!.sweep(this.logger)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'offer timeout sweep failed; next one retries'),
        )
        .finally(() => (this.sweeping = undefined));
    }, this.config.ROUTING_OFFER_SWEEP_MS);
    this.sweepTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
  }
}
