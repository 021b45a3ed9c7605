/**
 * JetStream streams, one per domain. Each owns every subject of its domain (`<domain>.>`).
 * Postgres stays the source of truth (see DESIGN.md): streams are transport, so they keep
 * messages for a bounded time rather than forever.
 */
export interface StreamDeclaration {
  name: string;
  /** Subject filters, without any namespace prefix. */
  subjects: string[];
  description: string;
  retention: 'limits' | 'workqueue' | 'interest';
  storage: 'file' | 'memory';
  /** Messages older than this are removed, in milliseconds. */
  maxAgeMs: number;
  /** JetStream de-duplicates on `Nats-Msg-Id` within this window, in milliseconds. */
  duplicateWindowMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

function domainStream(name: string, domain: string, description: string): StreamDeclaration {
  return {
    name,
    subjects: [`${domain}.>`],
    description,
    retention: 'limits',
    storage: 'file',
    maxAgeMs: 7 * DAY_MS,
    duplicateWindowMs: DUPLICATE_WINDOW_MS,
  };
}

export const streams = {
  SMS: domainStream('SMS', 'sms', 'Inbound SMS, outbound send commands and delivery statuses'),
  PROFILE: domainStream('PROFILE', 'profile', 'Messaging profiles: who is behind a phone number'),
  INTERACTION: domainStream('INTERACTION', 'interaction', 'Conversations, transcripts and their states'),
  ROUTING: domainStream('ROUTING', 'routing', 'Work items, offers and assignments'),
  TIMER: domainStream('TIMER', 'timer', 'Messaging actions that fired'),
} as const satisfies Record<string, StreamDeclaration>;

export type StreamName = keyof typeof streams;
