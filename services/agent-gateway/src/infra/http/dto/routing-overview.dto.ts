import { ApiProperty } from '@nestjs/swagger';
import type { RoutingOverview } from '../../../app/routing-overview.use-case';
import { PRESENCE_NAME_PROPERTY } from './presence.dto';

type QueueOverview = RoutingOverview['queues'][number];
type AgentOverview = RoutingOverview['agents'][number];

export class QueueOverviewDto implements QueueOverview {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Billing' })
  name!: string;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ description: 'Within its schedule now (always, without a schedule)' })
  open!: boolean;

  @ApiProperty({ description: 'Takes the items no other queue matches' })
  fallback!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Items waiting for an offer' })
  waiting!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Items offered to an agent who has not answered yet',
  })
  offered!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Items held by an agent' })
  assigned!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    description:
      'How long the oldest waiting item has waited, counted from when it entered routing (SPEC W8); null: none waits',
  })
  oldestWaitingSeconds!: number | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  members!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Members in a presence that receives work, with free capacity on the queue’s channel',
  })
  membersAvailable!: number;
}

export class AgentOverviewDto implements AgentOverview {
  @ApiProperty()
  agentId!: string;

  @ApiProperty({ ...PRESENCE_NAME_PROPERTY })
  presence!: string;

  @ApiProperty({ description: 'Whether their presence receives work (SPEC W3)' })
  receivesWork!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'What they can hold at once (SPEC W1)' })
  capacity!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Sum of the sizes of the work items offered to or held by them',
  })
  load!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Their last heartbeat or open socket (SPEC W3); null: never seen',
  })
  lastSeenAt!: string | null;

  @ApiProperty({ type: [String], format: 'uuid', description: 'The queues they are a member of' })
  queueIds!: string[];
}

export class RoutingOverviewDto implements RoutingOverview {
  @ApiProperty({ type: [QueueOverviewDto], description: 'In routing order' })
  queues!: QueueOverviewDto[];

  @ApiProperty({ type: [AgentOverviewDto] })
  agents!: AgentOverviewDto[];
}
