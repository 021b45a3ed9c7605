import { type SimMessage } from '../domain/message';

/** A message as the recipient phone sees it (`GET /sim/phones/{phone}/messages`). */
export interface InboxEntryView {
  sid: string;
  from: string;
  to: string;
  body: string;
  mediaUrls: string[];
  /** The images the simulator holds for it: `url` is on the simulator (/sim/media/{sid}). */
  media: Array<{ url: string | null; contentType: string; error: string | null }>;
  status: string;
  dateCreated: string;
}

/** A message on a phone's thread (`GET /sim/phones/{phone}/thread`): `sent` by the phone or `received`. */
export interface ThreadEntryView extends InboxEntryView {
  direction: 'sent' | 'received';
}

/**
 * A message a company number sent (`GET /sim/numbers/{companyNumber}/sent`): when it arrived
 * at the API, to the millisecond, for measuring send rates.
 */
export interface SentEntryView {
  sid: string;
  to: string;
  body: string;
  numSegments: number;
  dateCreated: string;
}

export function toSentEntryView(message: SimMessage): SentEntryView {
  return {
    sid: message.sid,
    to: message.to,
    body: message.body,
    numSegments: message.numSegments,
    dateCreated: message.dateCreated.toISOString(),
  };
}

/** A message with everything the simulator did about it (`GET /sim/messages/{sid}`). */
export interface MessageView extends InboxEntryView {
  /** Whose API the message went through: twilio or telnyx. */
  provider: string;
  direction: string;
  errorCode: number | null;
  statusCallback: string | null;
  statusHistory: Array<{ status: string; errorCode: number | null; at: string }>;
  webhookAttempts: Array<{
    kind: string;
    url: string;
    messageStatus: string;
    attempt: number;
    httpStatus: number | null;
    error: string | null;
    latencyMs: number;
    at: string;
  }>;
}

export function toInboxEntryView(message: SimMessage): InboxEntryView {
  return {
    sid: message.sid,
    from: message.from,
    to: message.to,
    body: message.body,
    mediaUrls: [...message.mediaUrls],
    media: (message.media ?? []).map((medium) => ({
      url: medium.bytes ? `/sim/media/${medium.sid}` : null,
      contentType: medium.contentType,
      error: medium.error,
    })),
    status: message.status,
    dateCreated: message.dateCreated.toISOString(),
  };
}

export function toMessageView(message: SimMessage): MessageView {
  return {
    ...toInboxEntryView(message),
    provider: message.provider,
    direction: message.direction,
    errorCode: message.errorCode,
    statusCallback: message.statusCallback,
    statusHistory: message.statusHistory.map((change) => ({ ...change, at: change.at.toISOString() })),
    webhookAttempts: message.webhookAttempts.map((attempt) => ({ ...attempt, at: attempt.at.toISOString() })),
  };
}

export function toThreadEntryView(phone: string, message: SimMessage): ThreadEntryView {
  const sent = message.direction === 'inbound' && message.from === phone;
  return { ...toInboxEntryView(message), direction: sent ? 'sent' : 'received' };
}
