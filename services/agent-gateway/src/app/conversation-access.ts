import { Injectable } from '@nestjs/common';
import { AppError } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { mayReadConversation, SUPERVISOR_ROLES } from '../domain/conversation-access';
import { type ConversationRecord, emptyConversation } from '../domain/read-model';
import { openOfferAgentIds } from '../domain/views';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { OfferViewRepository } from '../infra/database/offer-view.repository';
import { AgentErrorCodes } from './error-codes';
import { requireRole } from './require-role';

/**
 * Who may read a conversation (see mayReadConversation). Anyone else gets the same 404 as for a
 * conversation that does not exist, so ids reveal nothing.
 */
@Injectable()
export class ConversationAccess {
  constructor(
    private readonly conversations: ConversationViewRepository,
    private readonly offers: OfferViewRepository,
  ) {}

  /** The conversation as stored (empty if only an offer of it is known), or 404 INTERACTION_NOT_FOUND. */
  async readable(
    manager: EntityManager,
    agent: Pick<AuthenticatedAgent, 'id' | 'role'>,
    interactionId: string,
  ): Promise<ConversationRecord> {
    const stored = await this.conversations.find(manager, interactionId);
    const offers = await this.offers.forInteraction(manager, interactionId);
    if (!mayReadConversation(agent, stored, openOfferAgentIds(offers, new Date()))) {
      throw new AppError(
        AgentErrorCodes.INTERACTION_NOT_FOUND,
        404,
        `no interaction ${interactionId} for you`,
      );
    }
    return stored ?? emptyConversation(interactionId);
  }
}

/** 403 ROLE_NOT_ALLOWED unless the agent is a manager or an admin (SPEC I5). */
export function requireSupervisor(agent: Pick<AuthenticatedAgent, 'role'>): void {
  requireRole(agent, SUPERVISOR_ROLES, 'only managers and admins see every agent’s work');
}
