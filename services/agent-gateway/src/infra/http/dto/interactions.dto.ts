import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import type { SentMessage } from '../../../app/send-message.use-case';
import type { DeliveryFailureReason, DeliveryStatus } from '@threadline/contracts';
import type {
  AuthorKind,
  IdentityConflictReason,
  InteractionState,
  MessageDirection,
  MessageVisibility,
} from '../../../domain/read-model';
import type { ConversationSummary, TranscriptMedia, TranscriptMessage } from '../../../domain/views';
import { RequesterOptOutDto } from './opt-out.dto';
import { ConversationSupervisionDto } from './supervision.dto';

export class ConversationSummaryDto implements ConversationSummary {
  @ApiProperty({ format: 'uuid' })
  interactionId!: string;

  @ApiProperty({ enum: schemas.interactionState.options, nullable: true })
  state!: InteractionState | null;

  @ApiProperty({ type: String, nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+15551230001' })
  requesterAddress!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+15550100001' })
  companyAddress!: string | null;

  @ApiProperty({ type: String, nullable: true })
  requesterUserId!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The messaging profile of the requester (GET /profiles/{profileId}); SPEC P5 corrects it',
  })
  profileId!: string | null;

  @ApiProperty({ description: 'SPEC P4: the directory and the messaging profile disagree' })
  identityConflict!: boolean;

  @ApiProperty({
    enum: schemas.identityConflictReason.options,
    nullable: true,
    description: 'Why they disagree, while they do',
  })
  identityConflictReason!: IdentityConflictReason | null;

  @ApiProperty({ type: String, nullable: true })
  firstMessage!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastActivityAt!: string | null;

  @ApiProperty({ description: 'SPEC I3: requester messages since the assignee last opened it' })
  unreadCount!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  createdAt!: string | null;
}

/** A summary with what managers and searches see: queue, end, participants, wait (SPEC I4, I5). */
export class ConversationOverviewDto extends IntersectionType(
  ConversationSummaryDto,
  ConversationSupervisionDto,
) {}

export class OngoingListDto {
  @ApiProperty({ type: [ConversationSummaryDto], description: 'Most recently active first' })
  items!: ConversationSummaryDto[];
}

export class MessageAuthorDto {
  @ApiProperty({ enum: schemas.actor.shape.kind.options })
  kind!: AuthorKind;

  @ApiProperty({ type: String, nullable: true })
  id!: string | null;
}

export class TranscriptMessageDto implements TranscriptMessage {
  @ApiProperty({ format: 'uuid' })
  messageId!: string;

  @ApiProperty({ enum: ['inbound', 'outbound', 'internal'] })
  direction!: MessageDirection;

  @ApiProperty({ type: () => MessageAuthorDto })
  author!: MessageAuthorDto;

  @ApiProperty()
  body!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: Number, nullable: true })
  gatewaySequence!: number | null;

  @ApiProperty({
    enum: schemas.deliveryStatus.options,
    nullable: true,
    description: 'SPEC S3, outbound messages only',
  })
  deliveryStatus!: DeliveryStatus | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The provider's error code when undelivered or failed",
  })
  errorCode!: string | null;

  @ApiProperty({
    enum: schemas.deliveryFailureReason.options,
    nullable: true,
    description:
      'SPEC S3: why it was undelivered or failed, the same for every provider (docs/first-conversation.md); null otherwise',
  })
  failureReason!: DeliveryFailureReason | null;

  @ApiProperty({
    enum: schemas.messageVisibility.options,
    description:
      'SPEC S1: requester_visible entries are the conversation itself (written by the requester or sent to them by SMS); ' +
      'agents_only entries are notes for agents (joined, left, queue, transfer, virtual agent handoff), never sent',
  })
  visibility!: MessageVisibility;

  @ApiProperty({ type: () => [TranscriptMediaDto], description: 'SPEC S5: its images (MMS)' })
  media!: TranscriptMediaDto[];
}

export class TranscriptMediaDto implements TranscriptMedia {
  @ApiProperty({
    enum: ['stored', 'refused'],
    description: 'refused: it came with the message but was not kept',
  })
  status!: 'stored' | 'refused';

  @ApiProperty({ type: String, nullable: true, description: 'Null when refused' })
  mediaId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'image/jpeg' })
  contentType!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Bytes; null when refused' })
  size!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'GET it with the bearer token: /interactions/{id}/media/{mediaId}; null when refused',
  })
  url!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: schemas.mediaRefusalReason.options,
    description: 'Why it was not kept; null when stored',
  })
  reason!: string | null;
}

export class InteractionDetailDto {
  @ApiProperty({ type: () => ConversationOverviewDto })
  interaction!: ConversationOverviewDto;

  @ApiProperty({
    type: [TranscriptMessageDto],
    description: 'Ordered by (occurredAt, gatewaySequence NULLS LAST, messageId)',
  })
  messages!: TranscriptMessageDto[];

  @ApiProperty({
    type: () => RequesterOptOutDto,
    nullable: true,
    description:
      'SPEC S2: the requester opted out of the conversation’s company number; sending answers 409 RECIPIENT_OPTED_OUT until they text START',
  })
  requesterOptedOut!: RequesterOptOutDto | null;
}

export class SendMessageRequestDto {
  @ApiPropertyOptional({ maxLength: 1600, description: 'Required (not blank) unless mediaIds has an image' })
  body?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    description: 'SPEC S5: images to send, as answered by POST /media (uploaded by me)',
  })
  mediaIds?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Chosen by the client so a retried send is sent once; generated when absent',
  })
  clientMessageId?: string;
}

export class SentMessageDto implements SentMessage {
  @ApiProperty({ format: 'uuid' })
  messageId!: string;

  @ApiProperty({ enum: schemas.deliveryStatus.options })
  deliveryStatus!: DeliveryStatus;
}

export class TransferConversationRequestDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The queue to send it to; routing offers it to that queue’s members. Exactly one of queueId and agentId.',
  })
  queueId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The agent to send it to, by id; routing offers it to them alone, whatever their queues. Exactly one of queueId and agentId.',
  })
  agentId?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Kept with the transfer, for agents only (SPEC S1)' })
  note?: string;
}

export class EndConversationRequestDto {
  @ApiPropertyOptional({ enum: ['complete', 'abandoned'], default: 'complete' })
  outcome?: 'complete' | 'abandoned';

  @ApiPropertyOptional({ maxLength: 2000, description: 'Kept with the conversation, for agents only' })
  note?: string;
}
