import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import type { AgentCapacity, ServiceChannel } from '../../../app/configure-capacity.use-case';
import type { PresenceState, PresenceStates } from '../../../app/configure-presence-states.use-case';
import type { Queue, QueueList } from '../../../app/configure-queues.use-case';
import { PRESENCE_NAME_PROPERTY } from './presence.dto';

const SEE_DOCS = 'See docs/routing.md.';

/** The condition language's operators in words; queues and messaging actions share the language. */
export const CONDITION_OPERATORS =
  'Operators: `eq`, `ne`; `in`, `not_in` (value: a list); `exists` (no value: the fact is known); ' +
  '`starts_with` (text and phone fields); `gt`, `gte`, `lt`, `lte` (numbers).';

/** The condition language, as admins write it (routing validates it against its field catalog). */
const CONDITION_DESCRIPTION = [
  'Which conversations the queue takes (SPEC W2); null takes every one.',
  'JSON, validated by routing: every error comes back at once in a 400 QUEUE_INVALID, each with its path (e.g. `condition.all[1].value`).',
  'A condition is a field test `{ "field", "op", "value" }` or a combination of conditions:',
  '`{ "all": [...] }` (every one holds; an empty list is true), `{ "any": [...] }` (one holds; an empty list is false), `{ "not": condition }`.',
  'Fields: `companyAddress` and `requesterAddress` (phone numbers), `requesterIsGuest`, `identityConflict` and `reopened` (booleans),',
  '`handoffReason` (why the virtual agent handed over), `topic` (the virtual agent’s topic), `channel` (`sms`) and `priority` (0–10).',
  CONDITION_OPERATORS,
  SEE_DOCS,
].join(' ');

const CONDITION_EXAMPLE = {
  all: [
    { field: 'companyAddress', op: 'eq', value: '+15550100001' },
    {
      any: [
        { field: 'priority', op: 'gte', value: 5 },
        { field: 'identityConflict', op: 'eq', value: true },
      ],
    },
    { not: { field: 'requesterIsGuest', op: 'eq', value: true } },
  ],
};

const SCHEDULE_DESCRIPTION = [
  'When the queue is open (SPEC W7); null: always.',
  'A weekly schedule: `{ "timeZone", "windows": [{ "days": ["mon", ...], "from": "HH:MM", "to": "HH:MM" }] }`, times in the time zone.',
  'Validated by routing like the condition (400 QUEUE_INVALID with each error’s path).',
  SEE_DOCS,
].join(' ');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Documentation only: routing validates schedules. */
export class ScheduleWindowDto {
  @ApiProperty({ type: [String], enum: WEEKDAYS, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  days!: string[];

  @ApiProperty({ pattern: '^\\d{2}:\\d{2}$', example: '08:00', description: 'HH:MM' })
  from!: string;

  @ApiProperty({ pattern: '^\\d{2}:\\d{2}$', example: '18:00', description: 'HH:MM' })
  to!: string;
}

/** Documentation only: routing validates schedules. */
export class WeeklyScheduleDto {
  @ApiProperty({ example: 'America/New_York', description: 'An IANA time zone' })
  timeZone!: string;

  @ApiProperty({ type: [ScheduleWindowDto] })
  windows!: ScheduleWindowDto[];
}

export class CreateQueueRequestDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Chosen by the client, for idempotency: creating again with the same id answers the queue already made, so a retry after a lost answer makes no second queue',
  })
  id!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'Where in the routing order to put it, from 1; at the end when left out',
  })
  position?: number;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Billing', description: 'Unique among queues' })
  name!: string;

  @ApiProperty({ description: 'Inactive queues take no new work' })
  active!: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: CONDITION_DESCRIPTION,
    example: CONDITION_EXAMPLE,
  })
  condition!: unknown;

  @ApiProperty({ type: () => WeeklyScheduleDto, nullable: true, description: SCHEDULE_DESCRIPTION })
  schedule!: unknown;

  @ApiProperty({
    enum: schemas.assignmentRule.options,
    description: `How routing picks among the members who can take the item (SPEC W5). ${SEE_DOCS}`,
  })
  assignmentRule!: Queue['assignmentRule'];

  @ApiProperty({ description: 'Offer waiting work to members as soon as one has room' })
  autoAssign!: boolean;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 5,
    maximum: 86_400,
    description: 'Seconds an offer stands (SPEC W6); null: routing’s default',
  })
  offerTimeoutSeconds!: number | null;

  @ApiProperty({
    ...PRESENCE_NAME_PROPERTY,
    nullable: true,
    example: 'away',
    description: 'The presence an agent moves to when an offer to them times out; null: routing’s default',
  })
  offerTimeoutPresence!: string | null;

  @ApiProperty({ type: [String], maxItems: 10_000, description: 'The agent ids of its members' })
  members!: string[];
}

/** Every setting optional: only those given change. */
export class UpdateQueueRequestDto extends PartialType(OmitType(CreateQueueRequestDto, ['id', 'position'])) {}

export class QueueDto extends OmitType(CreateQueueRequestDto, ['position']) implements Queue {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description:
      'Place in the routing order, from 1: the first active queue whose condition matches takes the item (SPEC W2)',
  })
  position!: number;

  @ApiProperty({ description: 'Takes the items no other queue matches' })
  fallback!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The condition in words, for lists' })
  conditionText!: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class QueueListDto implements QueueList {
  @ApiProperty({ type: [QueueDto], description: 'In routing order' })
  queues!: QueueDto[];
}

export class OrderQueuesRequestDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    description: 'Every queue id, each once, in the new routing order',
  })
  queueIds!: string[];
}

export class PresenceStateDto implements PresenceState {
  @ApiProperty({ ...PRESENCE_NAME_PROPERTY, example: 'training' })
  name!: string;

  @ApiProperty({ description: 'Whether an agent in this state is offered work (SPEC W3, W4)' })
  receivesWork!: boolean;

  @ApiProperty({
    enum: schemas.channelName.options,
    isArray: true,
    nullable: true,
    description: 'The channels it receives work on; null: every channel',
  })
  channels!: PresenceState['channels'];

  @ApiProperty({ description: '`available`, `away` and `offline` are built in and cannot be removed' })
  builtIn!: boolean;
}

export class PresenceStatesDto implements PresenceStates {
  @ApiProperty({ type: [PresenceStateDto] })
  states!: PresenceStateDto[];
}

export class PutPresenceStateRequestDto extends OmitType(PresenceStateDto, ['name', 'builtIn']) {}

export class ServiceChannelDto implements ServiceChannel {
  @ApiProperty({ enum: schemas.channelName.options })
  name!: ServiceChannel['name'];

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 1000,
    description: 'What an agent without a capacity of their own holds at once on this channel (SPEC W1)',
  })
  defaultCapacity!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 1000,
    description: 'How much of a capacity one work item takes',
  })
  itemSize!: number;
}

export class ServiceChannelsDto {
  @ApiProperty({ type: [ServiceChannelDto] })
  channels!: ServiceChannelDto[];
}

/** Either or both. */
export class UpdateChannelRequestDto extends PartialType(OmitType(ServiceChannelDto, ['name'])) {}

class ChannelCapacitiesDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 1000,
    description: "The agent's own sms capacity; left out, the channel's default applies",
  })
  sms?: number;
}

export class AgentCapacityDto implements AgentCapacity {
  @ApiProperty()
  agentId!: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 1000,
    description:
      'What the agent holds at once across every channel; null: only the per-channel capacities apply',
  })
  universalCapacity!: number | null;

  @ApiProperty({
    type: () => ChannelCapacitiesDto,
    description: 'The agent’s capacity per channel (SPEC W1)',
  })
  channels!: ChannelCapacitiesDto;
}

export class SetAgentCapacityRequestDto extends OmitType(AgentCapacityDto, ['agentId']) {}
