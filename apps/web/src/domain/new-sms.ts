// The New SMS form (SPEC A1–A4): the number as the API will read it, what the pre-check means
// for the agent, whether the form may be sent, and which field an API refusal belongs to.
import { AsYouType, type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ActiveConversation, OutboundPrecheck, StartOutboundRequest } from '../api/types';
import { type FieldErrors, type FieldProblem, assignFieldErrors } from './field-errors';
import { countSegments } from '@threadline/contracts/sms-segments';
import { segmentProblem } from './composer';

/**
 * The demo's SMS_DEFAULT_REGION: agent-gateway reads numbers typed without a country code in
 * this country, so the preview must too or it would show a number other than the one texted.
 */
export const SMS_DEFAULT_REGION: CountryCode = 'US';

/** The longest first message agent-gateway takes (AGENT_MESSAGE_MAX_CHARS' default and ceiling). */
export const MESSAGE_MAX_CHARS = 1600;

export interface NumberPreview {
  /** The E.164 number the API would text, once the text is a whole possible number. */
  e164: string | null;
  /** What to show beside the field while typing: the E.164 form so far, or null for nothing typed. */
  shown: string | null;
  /** Why the text is not (yet) a number the API would take; null when it is, or when empty. */
  problem: string | null;
}

/**
 * The typed number as agent-gateway's `toE164` reads it (the whole text, no extension,
 * a possible length for its country), with the partial E.164 form while it is being typed.
 */
export function previewNumber(typed: string, region: CountryCode = SMS_DEFAULT_REGION): NumberPreview {
  const text = typed.trim();
  if (text === '') return { e164: null, shown: null, problem: null };
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: region, extract: false });
  if (parsed && !parsed.ext && parsed.isPossible())
    return { e164: parsed.number, shown: parsed.number, problem: null };
  if (parsed?.ext) return { e164: null, shown: parsed.number, problem: 'An SMS cannot reach an extension' };
  if (/[a-z]/i.test(text)) return { e164: null, shown: null, problem: 'Not a phone number' };
  const typing = new AsYouType(region);
  typing.input(text);
  const soFar = typing.getNumberValue() ?? null;
  return { e164: null, shown: soFar, problem: 'Not a complete phone number yet' };
}

export interface PickedUser {
  userId: string;
  name: string;
  mobile: string | null;
}

export interface NewSmsForm {
  companyAddress: string;
  to: string;
  user: PickedUser | null;
  body: string;
}

/** What the pre-check is asked about; a pre-check answered for other inputs no longer holds. */
export function precheckRequest(
  form: NewSmsForm,
): { companyAddress: string; to?: string; userId?: string } | null {
  if (form.companyAddress === '') return null;
  const number = previewNumber(form.to);
  if (form.to.trim() !== '' && number.e164 === null) return null;
  if (number.e164 === null && form.user === null) return null;
  return {
    companyAddress: form.companyAddress,
    ...(number.e164 !== null ? { to: number.e164 } : {}),
    ...(form.user ? { userId: form.user.userId } : {}),
  };
}

/** A key of the pre-check's inputs: the answer shown belongs to the form while they are equal. */
export function precheckKey(form: NewSmsForm): string | null {
  const request = precheckRequest(form);
  return request === null
    ? null
    : JSON.stringify([request.companyAddress, request.to ?? '', request.userId ?? '']);
}

/** Why the message cannot be sent as it is, or null. Counted in UTF-16 units, as the API counts. */
export function messageProblem(
  body: string,
  maxSegments: number | null = null,
  max: number = MESSAGE_MAX_CHARS,
): string | null {
  if (body.trim() === '') return 'Write the message first';
  if (body.length > max) return `At most ${max} characters (${body.length} now)`;
  return segmentProblem(body, maxSegments);
}

const RULE_TEXT: Record<OutboundPrecheck['rule'], string> = {
  A1: 'A new conversation will be opened and assigned to you.',
  A2: 'The message joins the ongoing conversation; you are added to it, and whoever holds it keeps it.',
  A3: 'The virtual agent’s conversation will be closed and a new one assigned to you.',
  A4: 'The ongoing conversation is about someone else: it will be closed, the number re-linked to the person you picked and a new conversation assigned to you.',
};

const STATE_TEXT: Record<ActiveConversation['state'], string> = {
  new: 'New',
  on_hold: 'On hold',
  work_in_progress: 'In progress',
  wrap_up: 'Wrap-up',
  closed_complete: 'Closed',
  closed_abandoned: 'Abandoned',
};

export function stateLabel(state: ActiveConversation['state'] | null): string {
  return state === null ? 'Unknown' : STATE_TEXT[state];
}

export interface ActiveRow {
  interactionId: string;
  state: string;
  handledBy: string;
  requester: string;
}

export interface PrecheckView {
  rule: OutboundPrecheck['rule'];
  ruleText: string;
  /** A3/A4: shown (as an alert) before the agent may send. */
  warning: string | null;
  confirmationRequired: boolean;
  sendLabel: 'Send' | 'Send anyway';
  /** "+15551230001 (Ada Lovelace)" or "… (guest: nobody known)". */
  recipient: string;
  via: string;
  active: ActiveRow[];
  /** SPEC S2: the number opted out of this company number; sending is refused, so Send is off. */
  optedOut: string | null;
}

function personName(name: string | null): string {
  return name ?? 'guest: nobody known';
}

export function precheckView(precheck: OutboundPrecheck): PrecheckView {
  const confirmationRequired = precheck.confirmationRequired;
  return {
    rule: precheck.rule,
    ruleText: RULE_TEXT[precheck.rule],
    warning: confirmationRequired ? (precheck.warning ?? RULE_TEXT[precheck.rule]) : precheck.warning,
    confirmationRequired,
    sendLabel: confirmationRequired ? 'Send anyway' : 'Send',
    recipient: `${precheck.requesterAddress} (${personName(precheck.requester.name)})`,
    via: `${precheck.companyLabel} ${precheck.companyAddress}`,
    active: precheck.active.map((active) => ({
      interactionId: active.interactionId,
      state: stateLabel(active.state),
      handledBy:
        active.handledBy === 'virtual_agent'
          ? 'The virtual agent'
          : (active.assigneeName ?? (active.assigneeId ? 'An agent' : 'Waiting for an agent')),
      requester: personName(active.requesterName),
    })),
    optedOut: optedOutWarning(precheck.optedOut),
  };
}

function optedOutWarning(optOut: OutboundPrecheck['optedOut']): string | null {
  if (optOut === null) return null;
  const how =
    optOut.source === 'keyword' ? `texted ${optOut.keyword ?? 'a keyword'}` : 'opted out with their carrier';
  return `This number ${how}: it receives nothing from this company number until it opts back in (START). Sending is refused.`;
}

/**
 * Whether Send may be pressed: a pre-check answered for exactly these inputs and a message the
 * API would take. A warning needs no extra step: the button then reads "Send anyway".
 */
export function mayStart(
  form: NewSmsForm,
  checkedKey: string | null,
  maxSegments: number | null = null,
  precheck: Pick<OutboundPrecheck, 'optedOut'> | null = null,
): boolean {
  const key = precheckKey(form);
  if (precheck?.optedOut) return false;
  return key !== null && key === checkedKey && messageProblem(form.body, maxSegments) === null;
}

export function startRequest(
  form: NewSmsForm,
  precheck: OutboundPrecheck,
  clientMessageId: string | null,
): StartOutboundRequest {
  const request = precheckRequest(form);
  if (request === null) throw new Error('the form has no pre-checked recipient');
  return {
    ...request,
    body: form.body,
    ...(clientMessageId !== null ? { clientMessageId } : {}),
    acknowledgeWarning: precheck.confirmationRequired,
  };
}

export const NEW_SMS_FIELDS = ['companyAddress', 'to', 'userId', 'body'] as const;
export type NewSmsField = (typeof NEW_SMS_FIELDS)[number];

const FIELD_OF_CODE: Record<string, NewSmsField> = {
  PHONE_NUMBER_INVALID: 'to',
  USER_HAS_NO_MOBILE: 'userId',
  USER_NOT_FOUND: 'userId',
  USER_INACTIVE: 'userId',
  COMPANY_NUMBER_NOT_ALLOWED: 'companyAddress',
};

/** The field a refusal's `details: { field }` names (PHONE_NUMBER_INVALID names which number), if it is ours. */
function namedField(details: unknown): NewSmsField | undefined {
  const field = (details as { field?: unknown } | null | undefined)?.field;
  return NEW_SMS_FIELDS.find((name) => name === field);
}

/** An API refusal of the pre-check or the start, beside the field it is about. */
export function newSmsErrors(error: {
  code: string;
  message: string;
  details?: unknown;
  fieldProblems: FieldProblem[];
}): FieldErrors {
  const field = FIELD_OF_CODE[error.code] && (namedField(error.details) ?? FIELD_OF_CODE[error.code]);
  if (field !== undefined) return { byField: { [field]: error.message }, general: [] };
  if (error.fieldProblems.length > 0) return assignFieldErrors(error.fieldProblems, NEW_SMS_FIELDS);
  return { byField: {}, general: [error.message] };
}

/** "2 SMS (GSM-7), 146 left in this one": what the message costs as it is typed (SPEC S4). */
export function segmentLine(body: string): string {
  const count = countSegments(body);
  if (count.segments === 0) return `0 SMS (up to ${count.perSegment} characters in one)`;
  const sms = count.segments === 1 ? '1 SMS' : `${count.segments} SMS`;
  return `${sms} (${count.encoding}), ${count.remainingInSegment} left in this one`;
}
