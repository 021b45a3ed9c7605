import { ApiProperty } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import {
  type ActorKind,
  QUEUE_STATES,
  type QueueState,
  type StateChangeCause,
} from '../../../domain/supervision';
import type { ConversationSupervision, QueueView } from '../../../domain/supervision-views';

export class QueueViewDto implements QueueView {
  @ApiProperty({
    enum: QUEUE_STATES,
    description: 'From routing’s latest event of the work item: queued, offered, assigned or closed',
  })
  state!: QueueState;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  workItemId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  queueId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Support' })
  queueName!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  priority!: number | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it (again) started waiting in this queue',
  })
  queuedAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it first entered routing (SPEC W8: a reassigned item keeps its age)',
  })
  enqueuedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The agent it is offered to, while it is' })
  offeredAgentId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  offeredAt!: string | null;
}

export class ActorDto {
  @ApiProperty({ enum: schemas.actor.shape.kind.options })
  kind!: ActorKind;

  @ApiProperty({ type: String, nullable: true })
  id!: string | null;
}

export class ConversationSupervisionDto implements ConversationSupervision {
  @ApiProperty({ type: () => QueueViewDto, nullable: true, description: 'Null until routing reported on it' })
  queue!: QueueViewDto | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it reached a final state',
  })
  closedAt!: string | null;

  @ApiProperty({ enum: schemas.interactionStateChangeCause.options, nullable: true })
  closedCause!: StateChangeCause | null;

  @ApiProperty({ type: () => ActorDto, nullable: true, description: 'Who ended it' })
  closedBy!: ActorDto | null;

  @ApiProperty({
    type: [String],
    description: 'Agents who were its assignee or wrote in it (SPEC I4: they can find it once it is closed)',
  })
  participantIds!: string[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The requester’s first message not yet answered by an agent or the virtual agent',
  })
  awaitingReplySince!: string | null;
}
