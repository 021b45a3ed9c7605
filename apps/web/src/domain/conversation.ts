// How a conversation reads to the agent: who wrote each line, what became of an outbound
// SMS, its state in words, why its requester's identity is in doubt (SPEC P4), which actions
// its state allows (docs/lifecycle.md), the timers of its messaging actions and the Ongoing
// row's snippet.
import type {
  ConversationState,
  ConversationSummary,
  DeliveryFailureReason,
  DeliveryStatus,
  InteractionTimer,
  RequesterOptOut,
  TranscriptMessage,
} from '../api/types';
import { formatInstant } from './time';
import { isClosed } from './workspace';

/**
 * The longest note an end or a transfer takes: `note`'s maxLength in EndConversationRequestDto
 * and TransferConversationRequestDto (services/agent-gateway/openapi.json).
 */
export const NOTE_MAX_LENGTH = 2000;

export type AuthorKind = TranscriptMessage['author']['kind'];

/** The author of a line as the transcript names it; the signed-in agent is "You". */
export function authorLabel(message: Pick<TranscriptMessage, 'author'>, agentId: string): string {
  switch (message.author.kind) {
    case 'requester':
      return 'Requester';
    case 'agent':
      return message.author.id === agentId ? 'You' : 'Agent';
    case 'virtual_agent':
      return 'Virtual agent';
    case 'system':
      return 'System';
  }
}

const DELIVERY: Record<DeliveryStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Not delivered',
  failed: 'Failed',
};

/** SPEC S3: the stable reasons (sms-gateway's mapping of every provider's codes), in agents' words. */
const FAILURE_REASON: Record<DeliveryFailureReason, string> = {
  RECIPIENT_OPTED_OUT: 'the number opted out',
  INVALID_NUMBER: 'the number is not valid',
  UNREACHABLE: 'the phone could not be reached',
  LANDLINE_OR_UNSUPPORTED: 'the number cannot receive SMS (a landline?)',
  CARRIER_FILTERED: 'the carrier filtered it',
  BLOCKED: 'blocked by the carrier or the recipient',
  PROVIDER_UNAVAILABLE: 'the SMS provider was unavailable',
  UNKNOWN: 'no reason given',
};

/**
 * An outbound SMS's fate; when it did not arrive, why in words and the provider's code:
 * "Failed: the number opted out (21610)".
 */
export function deliveryStatusText(
  status: DeliveryStatus,
  errorCode: string | null,
  reason: DeliveryFailureReason | null = null,
): string {
  const text = DELIVERY[status];
  if (!isDeliveryProblem(status)) return text;
  if (reason !== null)
    return errorCode !== null
      ? `${text}: ${FAILURE_REASON[reason]} (${errorCode})`
      : `${text}: ${FAILURE_REASON[reason]}`;
  return errorCode !== null ? `${text} (error ${errorCode})` : text;
}

export function isDeliveryProblem(status: DeliveryStatus): boolean {
  return status === 'undelivered' || status === 'failed';
}

const STATE: Record<ConversationState, string> = {
  new: 'New',
  work_in_progress: 'In progress',
  on_hold: 'On hold',
  wrap_up: 'Wrapping up',
  closed_complete: 'Completed',
  closed_abandoned: 'Abandoned',
};

export function stateLabel(state: ConversationState | null): string {
  return state === null ? 'Unknown' : STATE[state];
}

type ConflictReason = NonNullable<ConversationSummary['identityConflictReason']>;

const CONFLICT: Record<ConflictReason, string> = {
  several_users:
    'Several people in the company directory have this phone number, so we cannot tell which of them is texting.',
  directory_disagrees:
    'The company directory now links this phone number to a different person than the one this requester’s profile names.',
  profile_user_inactive:
    'The person this requester’s profile names is no longer active in the company directory.',
};

/** SPEC P4 in plain words; null when there is no conflict. */
export function identityConflictText(
  summary: Pick<ConversationSummary, 'identityConflict' | 'identityConflictReason'>,
): string | null {
  if (!summary.identityConflict) return null;
  return summary.identityConflictReason === null
    ? 'The company directory and this requester’s profile disagree about who is texting.'
    : CONFLICT[summary.identityConflictReason];
}

export interface ConversationActions {
  reply: boolean;
  end: boolean;
  hold: boolean;
  resume: boolean;
  transfer: boolean;
  wrapUp: boolean;
}

/** What the agent may do now (docs/lifecycle.md); a manager or admin may act on anyone's. */
export function conversationActions(
  summary: Pick<ConversationSummary, 'state' | 'assigneeId'>,
  agentId: string,
  staff = false,
): ConversationActions {
  const { state } = summary;
  const mine = summary.assigneeId === agentId;
  const allowed = mine || (staff && summary.assigneeId !== null);
  const open = !isClosed(state);
  return {
    reply: mine && open,
    end: allowed && open && state !== 'wrap_up',
    hold: allowed && state === 'work_in_progress',
    resume: allowed && state === 'on_hold',
    transfer: allowed && (state === 'work_in_progress' || state === 'on_hold'),
    wrapUp: allowed && state === 'wrap_up',
  };
}

/** The line an Ongoing row shows: the newest message the requester sees, else the first one. */
export function lastSnippet(
  transcript: readonly TranscriptMessage[] | undefined,
  firstMessage: string | null,
  maxLength = 120,
): string | null {
  let text = firstMessage;
  if (transcript !== undefined)
    for (let index = transcript.length - 1; index >= 0; index -= 1) {
      const line = transcript[index];
      if (line !== undefined && line.visibility === 'requester_visible') {
        text = line.body;
        break;
      }
    }
  if (text === null) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

export interface TranscriptDay {
  /** yyyy-mm-dd in the browser's time zone, a stable key. */
  key: string;
  messages: TranscriptMessage[];
}

/** The transcript split by calendar day (local time), in order. */
export function transcriptDays(messages: readonly TranscriptMessage[]): TranscriptDay[] {
  const days: TranscriptDay[] = [];
  for (const message of messages) {
    const at = new Date(message.occurredAt);
    const key = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
    const last = days[days.length - 1];
    if (last?.key === key) last.messages.push(message);
    else days.push({ key, messages: [message] });
  }
  return days;
}

const TIMER_EVENT: Record<NonNullable<InteractionTimer['event']>, string> = {
  requester_message_without_agent_response: 'the requester waits for an answer',
  agent_message_without_requester_response: 'the agent waits for the requester',
};

const TIMER_OUTCOME: Record<NonNullable<InteractionTimer['outcome']>, string> = {
  ran: 'its action ran',
  filtered_out: 'its conditions did not match',
  interaction_closed: 'the conversation had ended',
  interaction_unknown: 'the conversation was unknown',
  no_assignee: 'nobody held the conversation',
  action_inactive: 'the action was switched off',
  failed: 'its action failed',
};

/** A timer in words, without its deadline (the page counts that down). */
export function timerDescription(timer: InteractionTimer): string {
  const name = timer.actionName ?? 'A deleted action';
  const when = timer.event === null ? '' : ` (while ${TIMER_EVENT[timer.event]})`;
  switch (timer.state) {
    case 'armed':
      return `${name}${when}`;
    case 'fired':
      return `${name}${when}: fired${timer.outcome === null ? '' : `, ${TIMER_OUTCOME[timer.outcome]}`}`;
    case 'disarmed':
      return `${name}${when}: cancelled, the conversation moved on`;
  }
}

/**
 * SPEC S2: the banner of a conversation whose requester opted out, saying since when and how
 * ("Opted out since 10:00, by texting STOP."); null while they receive messages.
 */
export function optedOutText(optOut: RequesterOptOut | null, now: Date = new Date()): string | null {
  if (optOut === null) return null;
  const how =
    optOut.source === 'keyword'
      ? `by texting ${optOut.keyword ?? 'a keyword'}`
      : 'with their carrier (the provider refused a message)';
  return `Opted out since ${formatInstant(optOut.since, now)}, ${how}. Nothing can be sent to this number until they opt back in (START).`;
}
