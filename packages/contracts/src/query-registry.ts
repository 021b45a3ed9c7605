import { defineQuery } from './queries';
import * as schemas from './schemas/queries';

/**
 * Every request/reply Threadline answers over NATS. Each names its owner as the first token:
 * only that service answers it.
 */
export const queries = {
  setAgentPresence: defineQuery(
    'routing.agent.set-presence.v1',
    "Set an agent's presence; an agent who becomes available may be offered waiting work at once",
    schemas.setPresenceRequest,
    schemas.setPresenceResponse,
  ),
  acceptOffer: defineQuery(
    'routing.offer.accept.v1',
    'Accept an offer made to the asking agent; the work item is assigned to them',
    schemas.acceptOfferRequest,
    schemas.acceptOfferResponse,
  ),
  sendMessage: defineQuery(
    'interaction.message.send.v1',
    'An agent sends a message to the requester of an interaction assigned to them',
    schemas.sendMessageRequest,
    schemas.sendMessageResponse,
  ),
} as const;
