import { defineQuery } from './queries';
import * as profile from './schemas/profile-queries';
import * as routingAdmin from './schemas/routing-admin';
import * as schemas from './schemas/queries';
import * as timerAdmin from './schemas/timer-admin';

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
  rejectOffer: defineQuery(
    'routing.offer.reject.v1',
    'Turn down an offer made to the asking agent; the work item waits again, not for them',
    schemas.rejectOfferRequest,
    schemas.rejectOfferResponse,
  ),
  heartbeat: defineQuery(
    'routing.agent.heartbeat.v1',
    'SPEC W3: these agents are present (an open socket or a heartbeat); silent ones go offline after a timeout',
    routingAdmin.heartbeatRequest,
    routingAdmin.heartbeatResponse,
  ),
  listPresenceStates: defineQuery(
    'routing.presence-state.list.v1',
    'SPEC W3: the presence states, and whether each receives work and on which channels',
    routingAdmin.listPresenceStatesRequest,
    routingAdmin.listPresenceStatesResponse,
  ),
  putPresenceState: defineQuery(
    'routing.presence-state.put.v1',
    'SPEC W3: create or change a presence state (the built-in ones keep their names)',
    routingAdmin.putPresenceStateRequest,
    routingAdmin.putPresenceStateResponse,
  ),
  listChannels: defineQuery(
    'routing.channel.list.v1',
    'SPEC W1: the service channels with their default capacity and work item size',
    routingAdmin.listChannelsRequest,
    routingAdmin.listChannelsResponse,
  ),
  updateChannel: defineQuery(
    'routing.channel.update.v1',
    "SPEC W1: change a service channel's default capacity or work item size",
    routingAdmin.updateChannelRequest,
    routingAdmin.updateChannelResponse,
  ),
  setAgentCapacity: defineQuery(
    'routing.agent.set-capacity.v1',
    "SPEC W1: an agent's own capacity per channel and across channels",
    routingAdmin.setAgentCapacityRequest,
    routingAdmin.setAgentCapacityResponse,
  ),
  listQueues: defineQuery(
    'routing.queue.list.v1',
    'SPEC W2: every queue in routing order, with its condition, schedule, rule and members',
    routingAdmin.listQueuesRequest,
    routingAdmin.listQueuesResponse,
  ),
  createQueue: defineQuery(
    'routing.queue.create.v1',
    'SPEC W2, W5, W7: create a queue (idempotent by id); condition and schedule are validated per field',
    routingAdmin.createQueueRequest,
    routingAdmin.queueResponse,
  ),
  updateQueue: defineQuery(
    'routing.queue.update.v1',
    'SPEC W2, W5, W7: change a queue, deactivate it or change its members',
    routingAdmin.updateQueueRequest,
    routingAdmin.queueResponse,
  ),
  orderQueues: defineQuery(
    'routing.queue.order.v1',
    'SPEC W2: put the queues in a new routing order',
    routingAdmin.orderQueuesRequest,
    routingAdmin.listQueuesResponse,
  ),
  routingOverview: defineQuery(
    'routing.overview.get.v1',
    "A manager's read: each queue's backlog and age, and who is available with what load",
    routingAdmin.routingOverviewRequest,
    routingAdmin.routingOverviewResponse,
  ),
  workItemOfInteraction: defineQuery(
    'routing.workitem.of-interaction.v1',
    "SPEC M4: the queue of a conversation's latest work item, for messaging-action filters",
    timerAdmin.workItemOfInteractionRequest,
    timerAdmin.workItemOfInteractionResponse,
  ),
  interactionFacts: defineQuery(
    'interaction.conversation.facts.v1',
    'SPEC M4: a conversation as it is now, as the fields messaging-action filters test',
    timerAdmin.interactionFactsRequest,
    timerAdmin.interactionFactsResponse,
  ),
  listMessagingActions: defineQuery(
    'timer.action.list.v1',
    'SPEC M1–M7: every messaging action, with its filter in words and its armed timers',
    timerAdmin.listMessagingActionsRequest,
    timerAdmin.listMessagingActionsResponse,
  ),
  createMessagingAction: defineQuery(
    'timer.action.create.v1',
    'SPEC M1–M5: create a messaging action (idempotent by id); every invalid field is answered with its path',
    timerAdmin.createMessagingActionRequest,
    timerAdmin.messagingActionResponse,
  ),
  updateMessagingAction: defineQuery(
    'timer.action.update.v1',
    'SPEC M1–M5: change a messaging action or switch it off; timers armed keep their deadline',
    timerAdmin.updateMessagingActionRequest,
    timerAdmin.messagingActionResponse,
  ),
  deleteMessagingAction: defineQuery(
    'timer.action.delete.v1',
    'Delete a messaging action and disarm its timers',
    timerAdmin.deleteMessagingActionRequest,
    timerAdmin.deleteMessagingActionResponse,
  ),
  listInteractionTimers: defineQuery(
    'timer.interaction.timers.v1',
    "A conversation's messaging-action timers with their deadlines (armed first), for agents and managers",
    timerAdmin.listInteractionTimersRequest,
    timerAdmin.listInteractionTimersResponse,
  ),
  messageLimits: defineQuery(
    'interaction.message.limits.v1',
    "SPEC S4: the limits interaction holds an agent's text to, so the composer refuses the same before sending",
    schemas.messageLimitsRequest,
    schemas.messageLimitsResponse,
  ),
  sendMessage: defineQuery(
    'interaction.message.send.v1',
    'An agent sends a message to the requester of an interaction assigned to them',
    schemas.sendMessageRequest,
    schemas.sendMessageResponse,
  ),
  changeState: defineQuery(
    'interaction.conversation.change-state.v1',
    'End, hold, resume or complete the wrap-up of a conversation, as its assignee or a manager',
    schemas.changeStateRequest,
    schemas.changeStateResponse,
  ),
  recordAssignment: defineQuery(
    'interaction.conversation.record-assignment.v1',
    'Apply an assignment routing committed, so the accepting agent reads it at once (idempotent)',
    schemas.recordAssignmentRequest,
    schemas.changeStateResponse,
  ),
  planAgentStart: defineQuery(
    'interaction.conversation.plan-agent-start.v1',
    'SPEC A1–A4: the rule an agent starting an SMS to a phone pair would apply, and its warning',
    schemas.planAgentStartRequest,
    schemas.planAgentStartResponse,
  ),
  startAgentConversation: defineQuery(
    'interaction.conversation.start-by-agent.v1',
    'SPEC A1–A4: an agent starts (or joins) the SMS conversation of a phone pair and sends the first message',
    schemas.startAgentConversationRequest,
    schemas.startAgentConversationResponse,
  ),
  getProfile: defineQuery(
    'profile.messaging-profile.get.v1',
    'A messaging profile with the directory user it points to',
    profile.getProfileRequest,
    profile.getProfileResponse,
  ),
  lookupRequester: defineQuery(
    'profile.requester.lookup.v1',
    'Who an SMS from a number would be attributed to now, without creating anything',
    profile.lookupRequesterRequest,
    profile.lookupRequesterResponse,
  ),
  reassociateProfile: defineQuery(
    'profile.messaging-profile.reassociate.v1',
    'SPEC P5: point a messaging profile at another directory user or at the guest, audited',
    profile.reassociateProfileRequest,
    profile.profileChangeResponse,
  ),
  undoProfileChange: defineQuery(
    'profile.messaging-profile.undo.v1',
    'Undo an audited re-association of a messaging profile',
    profile.undoProfileChangeRequest,
    profile.profileChangeResponse,
  ),
  profileHistory: defineQuery(
    'profile.messaging-profile.history.v1',
    'The audit trail of a messaging profile, newest first',
    profile.profileHistoryRequest,
    profile.profileHistoryResponse,
  ),
  replaceProfile: defineQuery(
    'profile.messaging-profile.replace.v1',
    "SPEC A4: deactivate a number's profile and create a new one for the intended user, audited",
    profile.replaceProfileRequest,
    profile.replaceProfileResponse,
  ),
  searchDirectory: defineQuery(
    'profile.directory.search.v1',
    'Directory users by name, email, external id or phone number',
    profile.searchDirectoryRequest,
    profile.searchDirectoryResponse,
  ),
  beginImport: defineQuery(
    'profile.directory.import-begin.v1',
    'Start a directory import (or find the one with this id)',
    profile.beginImportRequest,
    profile.beginImportResponse,
  ),
  importChunk: defineQuery(
    'profile.directory.import-chunk.v1',
    'Upsert one chunk of an import by external id; answers the rows it rejected',
    profile.importChunkRequest,
    profile.importChunkResponse,
  ),
  finishImport: defineQuery(
    'profile.directory.import-finish.v1',
    'Mark a directory import complete once every chunk is in',
    profile.finishImportRequest,
    profile.finishImportResponse,
  ),
  importStatus: defineQuery(
    'profile.directory.import-status.v1',
    'Progress of a directory import and a page of its rejected rows',
    profile.importStatusRequest,
    profile.importStatusResponse,
  ),
} as const;
