import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { MESSAGING_ACTION_CONDITION_FIELDS, schemas } from '@threadline/contracts';
import type {
  DeletedMessagingAction,
  MessagingAction,
  MessagingActionList,
} from '../../../app/configure-messaging-actions.use-case';
import type { InteractionTimers } from '../../../app/interaction-timers.use-case';
import { CONDITION_OPERATORS } from './routing-admin.dto';

const SEE_DOCS = 'See docs/messaging-actions.md.';

type Timer = InteractionTimers['timers'][number];

/** The filter language: routing's condition language, over the fields a conversation has when its timer falls due. */
const CONDITION_DESCRIPTION = [
  'Which conversations the action applies to, tested when its timer falls due (SPEC M4); null applies to every one.',
  'JSON, validated by the timer service: every error comes back at once in a 400 MESSAGING_ACTION_INVALID, each with its path (e.g. `condition.all[1].value`).',
  'The condition language of routing queues (docs/routing.md): a field test `{ "field", "op", "value" }` or a combination:',
  '`{ "all": [...] }` (every one holds; an empty list is true), `{ "any": [...] }` (one holds; an empty list is false), `{ "not": condition }`.',
  `Fields: ${Object.keys(MESSAGING_ACTION_CONDITION_FIELDS)
    .map((field) => `\`${field}\``)
    .join(', ')}.`,
  CONDITION_OPERATORS,
  SEE_DOCS,
].join(' ');

const CONDITION_EXAMPLE = {
  all: [
    { field: 'companyAddress', op: 'eq', value: '+15550100001' },
    { field: 'state', op: 'eq', value: 'work_in_progress' },
  ],
};

const EVENT_DESCRIPTION = [
  'The silence the action waits for (SPEC M1, M2):',
  '`requester_message_without_agent_response`: the requester wrote and no agent answered;',
  '`agent_message_without_requester_response`: an agent wrote and the requester did not answer.',
  SEE_DOCS,
].join(' ');

/** Documentation only: the timer service validates the effect (one of four kinds). */
export class MessagingActionEffectDto {
  @ApiProperty({
    enum: schemas.messagingActionKind.options,
    description: [
      'What the action does when its timer falls due and its filter matches (SPEC M5):',
      '`prompt_agent` shows `text` to the agent who holds the conversation until they dismiss it;',
      '`prompt_requester` texts `text` to the requester;',
      '`reassign` takes the conversation from its agent and routes it again;',
      '`set_state` moves it to `state`.',
    ].join(' '),
  })
  kind!: MessagingAction['action']['kind'];

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 670,
    example: 'The requester is waiting for your answer.',
    description: 'For `prompt_agent` and `prompt_requester` only, and required there',
  })
  text?: string;

  @ApiPropertyOptional({
    enum: schemas.messagingActionTargetState.options,
    description: 'For `set_state` only, and required there: a final state',
  })
  state?: string;
}

export class CreateMessagingActionRequestDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Chosen by the client, for idempotency: creating again with the same id answers the action already made, so a retry after a lost answer makes no second action',
  })
  id!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 100,
    example: 'Nudge the agent',
    description: 'Unique among messaging actions',
  })
  name!: string;

  @ApiProperty({ description: 'An inactive action arms no timer, and those armed do nothing when due' })
  active!: boolean;

  @ApiProperty({ enum: schemas.messagingActionEvent.options, description: EVENT_DESCRIPTION })
  event!: MessagingAction['event'];

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: schemas.MAX_ACTION_DURATION_SECONDS,
    example: 300,
    description: 'Seconds of silence before the action fires, from the first unanswered message (SPEC M3)',
  })
  durationSeconds!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: CONDITION_DESCRIPTION,
    example: CONDITION_EXAMPLE,
  })
  condition!: unknown;

  @ApiProperty({ type: () => MessagingActionEffectDto, description: `What it does (SPEC M5). ${SEE_DOCS}` })
  action!: MessagingAction['action'];
}

/** Every setting optional: only those given change. */
export class UpdateMessagingActionRequestDto extends PartialType(
  OmitType(CreateMessagingActionRequestDto, ['id']),
) {}

export class MessagingActionDto extends CreateMessagingActionRequestDto implements MessagingAction {
  @ApiProperty({ type: String, nullable: true, description: 'The filter in words, for lists' })
  conditionText!: string | null;

  @ApiProperty({
    description: 'One of the actions Threadline ships with (SPEC M7); changed or switched off like any other',
  })
  builtIn!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Its timers armed now' })
  armedTimers!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class MessagingActionListDto implements MessagingActionList {
  @ApiProperty({ type: [MessagingActionDto] })
  actions!: MessagingActionDto[];
}

export class DeletedMessagingActionDto implements DeletedMessagingAction {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Its timers that were armed, disarmed with it' })
  disarmedTimers!: number;
}

export class InteractionTimerDto implements Timer {
  @ApiProperty({ format: 'uuid' })
  timerId!: string;

  @ApiProperty({ format: 'uuid' })
  actionId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null when the action was deleted since' })
  actionName!: string | null;

  @ApiProperty({ enum: schemas.messagingActionEvent.options, nullable: true })
  event!: Timer['event'];

  @ApiProperty({ enum: schemas.messagingActionKind.options, nullable: true })
  kind!: Timer['kind'];

  @ApiProperty({
    enum: schemas.timerState.options,
    description: '`armed` until it falls due (`fired`) or the conversation moves on (`disarmed`)',
  })
  state!: Timer['state'];

  @ApiProperty({ format: 'date-time', description: 'The deadline (armed), or when it was due' })
  dueAt!: string;

  @ApiProperty({ format: 'uuid', description: 'The message whose silence it counts' })
  armedByMessageId!: string;

  @ApiProperty({ format: 'date-time' })
  armedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disarmedAt!: string | null;

  @ApiProperty({
    enum: schemas.timerOutcome.options,
    nullable: true,
    description: `Why a fired timer did or did not run its action. ${SEE_DOCS}`,
  })
  outcome!: Timer['outcome'];
}

export class InteractionTimersDto implements InteractionTimers {
  @ApiProperty({
    type: [InteractionTimerDto],
    description: 'Armed ones first; with history, fired and disarmed ones after them, newest first',
  })
  timers!: InteractionTimerDto[];
}
