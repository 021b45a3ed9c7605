import { Injectable } from '@nestjs/common';
import type { EnvelopeOf } from '@threadline/contracts';
import type { EntityManager } from 'typeorm';
import {
  type EventMeta,
  onConversationAssigned,
  onConversationCreated,
  onDeliveryStatus,
  onMessageAppended,
  onMessageSeen,
  onOfferAccepted,
  onOfferCreated,
  onOfferItemClosed,
  displacedOfferAgent,
  onOfferTakenBack,
  onRequesterChanged,
  onStateChanged,
} from '../domain/projections';
import { conversationAudience, type Push, pushTo } from '../domain/push-routing';
import type { ConversationRecord } from '../domain/read-model';
import {
  onConversationStateChanged,
  onParticipantMessage,
  onWorkItemAssigned,
  onWorkItemClosed,
  onWorkItemOffered,
  onWorkItemQueued,
} from '../domain/supervision-projections';
import {
  inboxOfferDetailsChanged,
  openOfferAgentIds,
  toConversationSummary,
  toInboxOffer,
  toTranscriptMessage,
} from '../domain/views';
import { ConversationSearchRepository } from '../infra/database/conversation-search.repository';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { MessageViewRepository } from '../infra/database/message-view.repository';
import { OfferViewRepository } from '../infra/database/offer-view.repository';
import { OptOutViewRepository } from '../infra/database/opt-out-view.repository';

function metaOf(envelope: { id: string; occurredAt: string }): EventMeta {
  return { id: envelope.id, occurredAt: new Date(envelope.occurredAt) };
}

/**
 * Applies other services' events to the read models, in the consumer's transaction, and says
 * which pushes they cause (sent by the caller once the transaction committed). The events of
 * one conversation are applied one at a time (conversation lock), in whatever order they come.
 */
@Injectable()
export class ReadModelProjector {
  constructor(
    private readonly conversations: ConversationViewRepository,
    private readonly offers: OfferViewRepository,
    private readonly messages: MessageViewRepository,
    private readonly search: ConversationSearchRepository,
    private readonly optOuts: OptOutViewRepository,
  ) {}

  /**
   * SPEC S2: a pair opted out or back in. Those who follow the conversation it happened in are
   * told at once, so a reply box turns off without waiting for a reload; a conversation opened
   * later reads the projection.
   */
  async optOutChanged(
    manager: EntityManager,
    envelope: EnvelopeOf<'interaction.requester.opt-out-changed.v1'>,
  ): Promise<Push[]> {
    const { interactionId, optedOut, occurredAt, source, keyword } = envelope.data;
    if (!(await this.optOuts.apply(manager, envelope)) || interactionId === null) return [];
    const conversation = await this.conversations.findOrEmpty(manager, interactionId);
    return pushTo(
      await this.audienceOf(manager, conversation),
      'requester.opt-out-changed',
      { interactionId, requesterOptedOut: optedOut ? { since: occurredAt, source, keyword } : null },
      new Date(),
    );
  }

  async conversationCreated(
    manager: EntityManager,
    envelope: EnvelopeOf<'interaction.conversation.created.v1'>,
  ): Promise<Push[]> {
    const { interactionId } = envelope.data;
    await this.conversations.lock(manager, interactionId);
    const before = await this.conversations.findOrEmpty(manager, interactionId);
    const after = onConversationCreated(before, envelope.data, metaOf(envelope));
    await this.conversations.save(manager, after);
    return [
      ...(await this.conversationUpdated(manager, after, [])),
      ...(await this.offersCompleted(manager, before, after)),
    ];
  }

  async stateChanged(
    manager: EntityManager,
    envelope: EnvelopeOf<'interaction.conversation.state-changed.v1'>,
  ): Promise<Push[]> {
    const { interactionId } = envelope.data;
    await this.conversations.lock(manager, interactionId);
    const before = await this.conversations.findOrEmpty(manager, interactionId);
    const meta = metaOf(envelope);
    const after = onConversationStateChanged(
      onStateChanged(before, envelope.data, meta),
      envelope.data,
      meta,
    );
    await this.conversations.save(manager, after);
    // An assignee who lost the conversation hears about it too.
    return this.conversationUpdated(manager, after, [before.assigneeId]);
  }

  /** SPEC P5: the requester shown on the conversation changed; a stale change pushes nothing. */
  async requesterChanged(
    manager: EntityManager,
    envelope: EnvelopeOf<'interaction.conversation.requester-changed.v1'>,
  ): Promise<Push[]> {
    const { interactionId } = envelope.data;
    await this.conversations.lock(manager, interactionId);
    const before = await this.conversations.findOrEmpty(manager, interactionId);
    const after = onRequesterChanged(before, envelope.data, metaOf(envelope));
    if (after === before) return [];
    await this.conversations.save(manager, after);
    return [
      ...(await this.conversationUpdated(manager, after, [])),
      ...(await this.offersCompleted(manager, before, after)),
    ];
  }

  async offerCreated(
    manager: EntityManager,
    envelope: EnvelopeOf<'routing.offer.created.v1'>,
  ): Promise<Push[]> {
    const { interactionId, workItemId, agentId } = envelope.data;
    await this.conversations.lock(manager, interactionId);
    const before = await this.offers.find(manager, workItemId);
    const after = onOfferCreated(before, envelope.data, metaOf(envelope));
    await this.offers.save(manager, after);
    const conversationBefore = await this.conversations.findOrEmpty(manager, interactionId);
    const conversation = onWorkItemOffered(conversationBefore, envelope.data, metaOf(envelope));
    if (conversation !== conversationBefore) await this.conversations.save(manager, conversation);
    const now = new Date();
    const displaced = displacedOfferAgent(before, after);
    const withdrawn = displaced
      ? pushTo([displaced], 'offer.withdrawn', { workItemId, interactionId }, now)
      : [];
    if (after.state !== 'pending' || after.agentId !== agentId) return withdrawn;
    const entry = toInboxOffer(after, conversation, now);
    return entry ? [...withdrawn, ...pushTo([agentId], 'offer.created', entry, now)] : withdrawn;
  }

  async workItemAssigned(
    manager: EntityManager,
    envelope: EnvelopeOf<'routing.workitem.assigned.v1'>,
  ): Promise<Push[]> {
    const { interactionId, workItemId } = envelope.data;
    await this.conversations.lock(manager, interactionId);
    const offerBefore = await this.offers.find(manager, workItemId);
    await this.offers.save(manager, onOfferAccepted(offerBefore, envelope.data, metaOf(envelope)));
    const before = await this.conversations.findOrEmpty(manager, interactionId);
    const meta = metaOf(envelope);
    const after = onWorkItemAssigned(
      onConversationAssigned(before, envelope.data, meta),
      envelope.data,
      meta,
    );
    await this.conversations.save(manager, after);
    const replacedOffer = offerBefore?.state === 'pending' ? offerBefore.agentId : null;
    return this.conversationUpdated(manager, after, [before.assigneeId, replacedOffer]);
  }

  async messageAppended(
    manager: EntityManager,
    envelope: EnvelopeOf<'interaction.message.appended.v1'>,
  ): Promise<Push[]> {
    const { interactionId, messageId } = envelope.data;
    await this.messages.lockWithConversation(manager, interactionId, messageId);
    const before = await this.messages.find(manager, messageId);
    const message = onMessageAppended(before, envelope.data);
    await this.messages.save(manager, message);

    const firstSeen = before === null || before.occurredAt === null;
    const conversationBefore = await this.conversations.findOrEmpty(manager, interactionId);
    let conversation = onMessageSeen(conversationBefore, message, firstSeen);
    if (message.direction === 'inbound') {
      conversation = {
        ...conversation,
        firstMessageBody: await this.messages.firstInboundBody(manager, interactionId),
      };
    }
    conversation = onParticipantMessage(conversation, message);
    if (firstSeen && message.direction !== 'internal') {
      conversation = {
        ...conversation,
        awaitingReplySince: await this.search.awaitingReplySince(manager, interactionId),
      };
    }
    await this.conversations.save(manager, conversation);

    const offersCompleted = await this.offersCompleted(manager, conversationBefore, conversation);
    const line = toTranscriptMessage(message);
    if (!firstSeen || line === null) return offersCompleted;
    const audience = await this.audienceOf(manager, conversation);
    return [
      ...pushTo(
        audience,
        'message.appended',
        { interactionId, message: line, unreadCount: conversation.unreadCount },
        new Date(),
      ),
      ...offersCompleted,
    ];
  }

  /**
   * SPEC I5, W6, W9, W10: the item waits (again) in a queue. The manager's queue list shows it, and
   * an offer of it that was rejected, timed out or given back, or that a transfer overtook, leaves
   * the agent's Inbox (`offer.withdrawn`). A new item, or a reopened one, has no offer to take back.
   */
  async workItemQueued(
    manager: EntityManager,
    envelope: EnvelopeOf<'routing.workitem.queued.v1'>,
  ): Promise<Push[]> {
    await this.applyToConversation(manager, envelope.data.interactionId, (c) =>
      onWorkItemQueued(c, envelope.data, metaOf(envelope)),
    );
    const { workItemId, interactionId, reason } = envelope.data;
    if (reason === 'new' || reason === 'reopened') return [];
    const takenBack = onOfferTakenBack(await this.offers.find(manager, workItemId), metaOf(envelope));
    if (takenBack === null) return [];
    await this.offers.save(manager, takenBack);
    return pushTo([takenBack.agentId], 'offer.withdrawn', { workItemId, interactionId }, new Date());
  }

  /**
   * Routing is done with the work item: it leaves the manager's queue list, and an offer of it
   * still pending leaves the agent's Inbox (`offer.withdrawn`).
   */
  async workItemClosed(
    manager: EntityManager,
    envelope: EnvelopeOf<'routing.workitem.closed.v1'>,
  ): Promise<Push[]> {
    await this.applyToConversation(manager, envelope.data.interactionId, (c) =>
      onWorkItemClosed(c, envelope.data, metaOf(envelope)),
    );
    const { workItemId, interactionId } = envelope.data;
    const before = await this.offers.find(manager, workItemId);
    const withdrawn = onOfferItemClosed(before, envelope.data);
    if (withdrawn === null) return [];
    await this.offers.save(manager, withdrawn);
    if (before?.state !== 'pending') return [];
    return pushTo([withdrawn.agentId], 'offer.withdrawn', { workItemId, interactionId }, new Date());
  }

  async deliveryStatusChanged(
    manager: EntityManager,
    envelope: EnvelopeOf<'sms.outbound.status-changed.v1'>,
  ): Promise<Push[]> {
    await this.messages.lock(manager, envelope.data.outboundId);
    const before = await this.messages.find(manager, envelope.data.outboundId);
    const { record, changed } = onDeliveryStatus(before, envelope.data);
    if (!changed) return [];
    await this.messages.save(manager, record);
    if (record.interactionId === null || record.deliveryStatus === null) return [];
    const conversation = await this.conversations.find(manager, record.interactionId);
    if (conversation === null) return [];
    return pushTo(
      await this.audienceOf(manager, conversation),
      'message.status-changed',
      {
        interactionId: record.interactionId,
        messageId: record.messageId,
        deliveryStatus: record.deliveryStatus,
        errorCode: record.errorCode,
        failureReason: record.failureReason,
      },
      new Date(),
    );
  }

  private async applyToConversation(
    manager: EntityManager,
    interactionId: string,
    project: (current: ConversationRecord) => ConversationRecord,
  ): Promise<void> {
    await this.conversations.lock(manager, interactionId);
    const before = await this.conversations.findOrEmpty(manager, interactionId);
    const after = project(before);
    if (after !== before) await this.conversations.save(manager, after);
  }

  private async conversationUpdated(
    manager: EntityManager,
    conversation: ConversationRecord,
    alsoTo: Array<string | null>,
  ): Promise<Push[]> {
    const audience = await this.audienceOf(manager, conversation);
    return pushTo(
      [...audience, ...alsoTo],
      'interaction.updated',
      toConversationSummary(conversation),
      new Date(),
    );
  }

  /**
   * SPEC I1: an offer pushed before the conversation's requester or first message reached this
   * service is pushed again, whole, to the agent it is open for. `offer.created` replaces the
   * entry with the same workItemId, so the Inbox fills in without a reload.
   */
  private async offersCompleted(
    manager: EntityManager,
    before: ConversationRecord,
    after: ConversationRecord,
  ): Promise<Push[]> {
    if (!inboxOfferDetailsChanged(before, after)) return [];
    const now = new Date();
    const offers = await this.offers.forInteraction(manager, after.interactionId);
    return offers.flatMap((offer) => {
      const entry = toInboxOffer(offer, after, now);
      return entry ? pushTo([offer.agentId], 'offer.created', entry, now) : [];
    });
  }

  private async audienceOf(manager: EntityManager, conversation: ConversationRecord): Promise<string[]> {
    const now = new Date();
    const offers = await this.offers.forInteraction(manager, conversation.interactionId);
    return conversationAudience(conversation.assigneeId, openOfferAgentIds(offers, now));
  }
}
