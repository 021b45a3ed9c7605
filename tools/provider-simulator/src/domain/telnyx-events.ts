import { randomUUID } from 'node:crypto';
import { guessMediaContentType } from './media-type';
import { type MessageStatus, type SimMessage, type StatusStep } from './message';

/** A Telnyx Messaging API v2 webhook body (the parts the simulator fills in). */
export interface TelnyxEvent {
  data: {
    event_type: 'message.received' | 'message.sent' | 'message.finalized';
    id: string;
    occurred_at: string;
    record_type: 'event';
    payload: Record<string, unknown>;
  };
  meta: { attempt: number; delivered_to: string };
}

/** Telnyx's word for each simulated status of an outbound message. */
const TELNYX_STATUS: Record<MessageStatus, string> = {
  received: 'webhook_delivered',
  queued: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'delivery_failed',
  failed: 'sending_failed',
};

/** The message resource as Telnyx shows it in answers and webhooks. */
export function telnyxMessageResource(message: SimMessage): Record<string, unknown> {
  const inbound = message.direction === 'inbound';
  return {
    record_type: 'message',
    id: message.sid,
    direction: inbound ? 'inbound' : 'outbound',
    type: message.mediaUrls.length > 0 ? 'MMS' : 'SMS',
    from: { phone_number: message.from },
    to: [{ phone_number: message.to, status: TELNYX_STATUS[message.status] }],
    text: message.body,
    media: message.mediaUrls.map((url) => ({ url, content_type: guessMediaContentType(url) })),
    parts: message.numSegments,
    webhook_url: message.statusCallback,
    errors: message.errorCode === null ? [] : [{ code: String(message.errorCode), title: 'Delivery failed' }],
    received_at: inbound ? message.dateCreated.toISOString() : null,
    sent_at: message.dateSent?.toISOString() ?? null,
  };
}

/** `message.received`: a phone texted a company number at the Telnyx account. */
export function telnyxInboundEvent(message: SimMessage, url: string): TelnyxEvent {
  return event('message.received', message, url);
}

/** `message.sent` when the message left, `message.finalized` when it reached its end. */
export function telnyxStatusEvent(message: SimMessage, step: StatusStep, url: string): TelnyxEvent {
  return event(step.status === 'sent' ? 'message.sent' : 'message.finalized', message, url);
}

function event(eventType: TelnyxEvent['data']['event_type'], message: SimMessage, url: string): TelnyxEvent {
  return {
    data: {
      event_type: eventType,
      id: randomUUID(),
      occurred_at: new Date().toISOString(),
      record_type: 'event',
      payload: telnyxMessageResource(message),
    },
    meta: { attempt: 1, delivered_to: url },
  };
}
