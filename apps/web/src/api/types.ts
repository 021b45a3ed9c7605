// Names for the API's schemas, taken from the generated OpenAPI types (never restated).
import type { components } from './agent-gateway';

type Schemas = components['schemas'];

export type Agent = Schemas['AgentDto'];
export type Role = Agent['role'];
export type Session = Schemas['LoginResponseDto'];
export type InboxOffer = Schemas['InboxOfferDto'];
export type ConversationSummary = Schemas['ConversationSummaryDto'];
export type ConversationOverview = Schemas['ConversationOverviewDto'];
export type ConversationState = NonNullable<ConversationSummary['state']>;
export type TranscriptMessage = Schemas['TranscriptMessageDto'];
export type DeliveryStatus = NonNullable<TranscriptMessage['deliveryStatus']>;
export type DeliveryFailureReason = NonNullable<TranscriptMessage['failureReason']>;
export type InteractionDetail = Schemas['InteractionDetailDto'];
export type RequesterOptOut = Schemas['RequesterOptOutDto'];
export type AgentPrompt = Schemas['AgentPromptDto'];
export type InteractionTimer = Schemas['InteractionTimerDto'];
export type CompanyNumber = Schemas['CompanyNumberDto'];

/**
 * What the socket pushes (agent-gateway's `docs/first-conversation.md` lists them): each
 * event's data is one of the API's schemas, so a push and a fetch carry the same shape.
 */
export interface PushEventData {
  ready: { agentId: string };
  'offer.created': InboxOffer;
  'offer.withdrawn': { workItemId: string; interactionId: string };
  'interaction.updated': ConversationSummary;
  'message.appended': { interactionId: string; message: TranscriptMessage; unreadCount: number };
  'message.status-changed': {
    interactionId: string;
    messageId: string;
    deliveryStatus: DeliveryStatus;
    errorCode: string | null;
    failureReason: DeliveryFailureReason | null;
  };
  'prompt.created': AgentPrompt;
  'prompt.dismissed': AgentPrompt;
  /** SPEC S2: the conversation's requester opted out (since when, how) or back in (null). */
  'requester.opt-out-changed': { interactionId: string; requesterOptedOut: RequesterOptOut | null };
  /** Pushes for this agent may have been lost: the views reload, as after a reconnect. */
  resync: { reason: 'push-lost' | 'bus-reconnected' };
}

export type PushType = keyof PushEventData;

export type PushEvent = { [T in PushType]: { type: T; data: PushEventData[T]; at: string } }[PushType];

// New SMS, the profile panel, supervision and search.
export type CompanyNumbers = Schemas['CompanyNumbersDto'];
export type OutboundPrecheck = Schemas['OutboundPrecheckDto'];
export type ActiveConversation = Schemas['ActiveConversationDto'];
export type StartOutboundRequest = Schemas['StartOutboundRequestDto'];
export type DirectoryUser = Schemas['DirectoryUserDto'];
export type MessagingProfile = Schemas['MessagingProfileDto'];
export type AuditEntry = Schemas['AuditEntryDto'];
export type SupervisedConversation = Schemas['SupervisedConversationDto'];
export type RoutingOverview = Schemas['RoutingOverviewDto'];
export type QueueOverview = Schemas['QueueOverviewDto'];
export type AgentOverview = Schemas['AgentOverviewDto'];
export type TransferRequest = Schemas['TransferConversationRequestDto'];
export type SearchHit = Schemas['SearchHitDto'];
export type SnippetPart = Schemas['SnippetPartDto'];

// The admin pages' schemas.
export type Queue = Schemas['QueueDto'];
export type CreateQueueRequest = Schemas['CreateQueueRequestDto'];
export type UpdateQueueRequest = Schemas['UpdateQueueRequestDto'];
export type WeeklySchedule = Schemas['WeeklyScheduleDto'];
export type Weekday = Schemas['ScheduleWindowDto']['days'][number];
export type AssignmentRule = Queue['assignmentRule'];
export type AgentAccount = Schemas['AgentAccountDto'];
export type AdminCompanyNumbers = Schemas['AdminCompanyNumbersDto'];
export type PresenceState = Schemas['PresenceStateDto'];
export type ServiceChannel = Schemas['ServiceChannelDto'];
export type MessagingAction = Schemas['MessagingActionDto'];
export type CreateMessagingActionRequest = Schemas['CreateMessagingActionRequestDto'];
export type MessagingActionEffect = Schemas['MessagingActionEffectDto'];
export type MessagingActionEvent = MessagingAction['event'];
export type ImportStatus = Schemas['ImportStatusDto'];
export type ImportStatusPage = Schemas['ImportStatusPageDto'];
export type ImportRejection = Schemas['ImportRejectionDto'];
