import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { queries } from '@threadline/contracts';
import {
  CONFIG,
  CONSUMERS,
  type ConsumerRegistry,
  consumerOf,
  DATA_SOURCE,
  OUTBOX,
  type Outbox,
  QUERIES,
  type QueryRegistry,
} from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { AcceptOfferUseCase } from '../app/accept-offer.use-case';
import { Dispatcher } from '../app/dispatcher';
import { EnqueueUseCase } from '../app/enqueue.use-case';
import { FollowInteractionUseCase } from '../app/follow-interaction.use-case';
import { SetPresenceUseCase } from '../app/set-presence.use-case';
import type { RoutingConfig } from '../routing.config';

/** What routing listens to and answers, each wired to its use case. */
@Injectable()
export class RoutingHandlers implements OnModuleInit {
  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(QUERIES) private readonly queryRegistry: QueryRegistry,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: RoutingConfig,
  ) {}

  onModuleInit(): void {
    const dispatcher = new Dispatcher(this.outbox, this.config.ROUTING_OFFER_TIMEOUT_SECONDS);
    const enqueue = new EnqueueUseCase(dispatcher, this.outbox);
    const followInteraction = new FollowInteractionUseCase(dispatcher, this.outbox);
    const setPresence = new SetPresenceUseCase(
      this.dataSource,
      dispatcher,
      this.config.ROUTING_DEFAULT_CAPACITY,
    );
    const acceptOffer = new AcceptOfferUseCase(this.dataSource, this.outbox);

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
  }
}
