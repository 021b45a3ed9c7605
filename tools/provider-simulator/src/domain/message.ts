import { type FailureRule } from './failure-rules';

export type MessageDirection = 'inbound' | 'outbound-api';
export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface StatusChange {
  status: MessageStatus;
  errorCode: number | null;
  at: Date;
}

/** One HTTP request the simulator made about a message: the inbound webhook or a status callback. */
export interface WebhookAttempt {
  kind: 'inbound' | 'status-callback';
  url: string;
  /** The status the request reported (`received` for the inbound webhook). */
  messageStatus: MessageStatus;
  /** 1 for the first try, 2 for the retry. */
  attempt: number;
  /** null when no answer came: connection refused, timeout, aborted. */
  httpStatus: number | null;
  error: string | null;
  latencyMs: number;
  at: Date;
}

/** Whose API the message went through, and so whose webhooks report it. */
export type SimProvider = 'twilio' | 'telnyx';

/**
 * An image of an MMS the simulator holds: sent by a phone (served to the gateway behind basic
 * auth, as Twilio serves media) or fetched from an outbound message's MediaUrl.
 */
export interface SimMedia {
  sid: string;
  contentType: string;
  /** Null when an outbound MediaUrl could not be fetched. */
  bytes: Buffer | null;
  /** Why the fetch failed (status, network), or null. */
  error: string | null;
}

export interface SimMessage {
  /** Twilio's `SM…` sid, or Telnyx's message id (a UUID). */
  sid: string;
  provider: SimProvider;
  accountSid: string;
  direction: MessageDirection;
  from: string;
  to: string;
  body: string;
  mediaUrls: readonly string[];
  /** The images themselves, when the simulator has them (absent for messages without). */
  media?: SimMedia[];
  numSegments: number;
  status: MessageStatus;
  errorCode: number | null;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  /** Set once the message leaves for the handset (outbound) or arrives (inbound). */
  dateSent: Date | null;
  statusHistory: StatusChange[];
  webhookAttempts: WebhookAttempt[];
}

export interface StatusStep {
  status: MessageStatus;
  errorCode: number | null;
}

/**
 * The statuses an outbound message goes through after `queued`: it is always handed to the
 * carrier (`sent`), then reaches the handset or fails as configured for the recipient.
 */
export function outboundStatusPlan(failure: FailureRule | undefined): StatusStep[] {
  const sent: StatusStep = { status: 'sent', errorCode: null };
  if (failure) return [sent, { status: failure.status, errorCode: failure.errorCode }];
  return [sent, { status: 'delivered', errorCode: null }];
}

/** Moves a message to `step`, keeping its history; `dateSent` is set by the first `sent`. */
export function applyStatus(message: SimMessage, step: StatusStep, at: Date): void {
  message.status = step.status;
  message.errorCode = step.errorCode;
  message.dateUpdated = at;
  if (step.status === 'sent' && message.dateSent === null) message.dateSent = at;
  message.statusHistory.push({ status: step.status, errorCode: step.errorCode, at });
}
