import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import type { ActiveConversation, OutboundPrecheck } from '../../../app/precheck-outbound.use-case';
import type { StartedOutbound } from '../../../app/start-outbound-conversation.use-case';
import type { AgentStartRule } from '../../../domain/agent-start';
import type { CompanyNumber } from '../../../domain/company-numbers';
import { RequesterOptOutDto } from './opt-out.dto';
import type { InteractionState } from '../../../domain/read-model';

const RULES = schemas.agentStartRule.options;

export class CompanyNumberDto implements CompanyNumber {
  @ApiProperty({ example: '+15550100001', description: 'E.164' })
  address!: string;

  @ApiProperty({ example: 'Support' })
  label!: string;
}

export class CompanyNumbersDto {
  @ApiProperty({ type: [CompanyNumberDto], description: 'By label' })
  items!: CompanyNumberDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: '+15550100001',
    description: 'The number to pre-fill: set only when exactly one is allowed',
  })
  default!: string | null;
}

export class OutboundPrecheckRequestDto {
  @ApiProperty({ example: '+15550100001', description: 'One of GET /me/company-numbers, any format' })
  companyAddress!: string;

  @ApiPropertyOptional({
    example: '(555) 123-0001',
    description: 'The number to text, in any common format (SMS_DEFAULT_REGION without a country code)',
  })
  to?: string;

  @ApiPropertyOptional({
    description:
      'The directory user the agent contacts (SPEC A4 compares it); their mobile is texted when `to` is absent. Give `to`, `userId` or both.',
  })
  userId?: string;
}

export class StartOutboundRequestDto extends OutboundPrecheckRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 1600, description: 'Not blank; at most AGENT_MESSAGE_MAX_CHARS' })
  body!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Chosen by the client so a retried start is sent once; generated when absent',
  })
  clientMessageId?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'SPEC A3/A4: the agent saw the pre-check’s warning and sends anyway',
  })
  acknowledgeWarning?: boolean;
}

export class ActiveConversationDto implements ActiveConversation {
  @ApiProperty({ format: 'uuid' })
  interactionId!: string;

  @ApiProperty({ enum: schemas.interactionState.options })
  state!: InteractionState;

  @ApiProperty({ enum: ['virtual_agent', 'agents'] })
  handledBy!: 'virtual_agent' | 'agents';

  @ApiProperty({ type: String, nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Alice' })
  assigneeName!: string | null;

  @ApiProperty()
  requesterUserId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace', description: 'Null for the guest' })
  requesterName!: string | null;
}

export class PrecheckRequesterDto {
  @ApiProperty({ description: 'The guest user when nobody is known' })
  userId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace' })
  name!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  profileId!: string | null;
}

export class OutboundPrecheckDto implements OutboundPrecheck {
  @ApiProperty({ example: '+15550100001' })
  companyAddress!: string;

  @ApiProperty({ example: 'Support' })
  companyLabel!: string;

  @ApiProperty({ example: '+15551230001', description: 'The number to text, E.164' })
  requesterAddress!: string;

  @ApiProperty({ type: String, nullable: true })
  intendedUserId!: string | null;

  @ApiProperty({ enum: RULES, description: 'What sending would do (SPEC A1–A4)' })
  rule!: AgentStartRule;

  @ApiProperty({ type: String, nullable: true, description: 'A3/A4: shown to the agent before sending' })
  warning!: string | null;

  @ApiProperty({ description: 'A3/A4: the start needs `acknowledgeWarning: true`' })
  confirmationRequired!: boolean;

  @ApiProperty({ type: () => PrecheckRequesterDto, description: 'Who the number is attributed to now' })
  requester!: PrecheckRequesterDto;

  @ApiProperty({ type: [ActiveConversationDto], description: 'The pair’s ongoing conversation, if any' })
  active!: ActiveConversationDto[];

  @ApiProperty({
    type: () => RequesterOptOutDto,
    nullable: true,
    description:
      'SPEC S2: the number opted out of this company number; starting answers 409 RECIPIENT_OPTED_OUT',
  })
  optedOut!: RequesterOptOutDto | null;
}

export class StartedOutboundDto implements StartedOutbound {
  @ApiProperty({ enum: RULES, description: 'The rule applied (a racing A1 may end as A2)' })
  rule!: AgentStartRule;

  @ApiProperty({ format: 'uuid', description: 'The conversation the message went to' })
  interactionId!: string;

  @ApiProperty({ format: 'uuid' })
  messageId!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'A3/A4: the conversation closed to make room',
  })
  closedInteractionId!: string | null;
}

/** SPEC S4: what an agent's text is held to, checked by interaction on every send. */
export class MessageLimitsDto {
  @ApiProperty({
    minimum: 1,
    example: 10,
    description:
      'The most SMS segments a reply or first message may take (interaction’s SMS_MAX_SEGMENTS); a send over it is refused with 422 MESSAGE_TOO_MANY_SEGMENTS',
  })
  maxSegments!: number;
}
