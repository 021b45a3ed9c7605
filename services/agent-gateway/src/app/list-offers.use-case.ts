import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { type InboxOffer, toInboxOffer } from '../domain/views';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { OfferViewRepository } from '../infra/database/offer-view.repository';

/** SPEC I1: the Inbox, the offers an agent can still accept. */
@Injectable()
export class ListOffersUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offers: OfferViewRepository,
    private readonly conversations: ConversationViewRepository,
  ) {}

  async execute(agentId: string): Promise<InboxOffer[]> {
    const now = new Date();
    const manager = this.dataSource.manager;
    const offers = await this.offers.openFor(manager, agentId, now);
    const conversations = new Map(
      (
        await this.conversations.findMany(
          manager,
          offers.map((offer) => offer.interactionId),
        )
      ).map((conversation) => [conversation.interactionId, conversation]),
    );
    return offers
      .map((offer) => toInboxOffer(offer, conversations.get(offer.interactionId) ?? null, now))
      .filter((entry): entry is InboxOffer => entry !== null);
  }
}
