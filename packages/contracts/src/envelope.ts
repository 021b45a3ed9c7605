import { z } from 'zod';

/**
 * The one envelope every event and command travels in. `type` plus `version` name the
 * contract; the NATS subject is derived from them (`<type>.v<version>`), never typed by hand.
 */
export const envelopeSchema = z.object({
  /** uuid v7: time-ordered, doubles as the JetStream `Nats-Msg-Id` and the inbox key. */
  id: z.uuid(),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2}$/, 'type must be <domain>.<aggregate>.<event>'),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The interaction id where there is one, so one conversation can be followed across services. */
  correlationId: z.string().min(1).nullable(),
  /** The id of the envelope that caused this one, or null for an external cause. */
  causationId: z.string().min(1).nullable(),
  data: z.unknown(),
});

export type RawEnvelope = z.infer<typeof envelopeSchema>;

export interface Envelope<Subject extends string = string, Data = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  correlationId: string | null;
  causationId: string | null;
  data: Data;
  /** Not on the wire: the subject the envelope belongs to, derived from type and version. */
  readonly subject?: Subject;
}

/** `sms.inbound.received` + 1 → `sms.inbound.received.v1`. */
export function subjectOf(type: string, version: number): string {
  return `${type}.v${version}`;
}

/** `sms.inbound.received.v1` → `{ type: 'sms.inbound.received', version: 1 }`, or null if malformed. */
export function splitSubject(subject: string): { type: string; version: number } | null {
  const match = /^(.+)\.v([1-9][0-9]*)$/.exec(subject);
  if (!match) return null;
  return { type: match[1]!, version: Number(match[2]) };
}

/**
 * Whether the envelope `eventId` was created after the one `than` names (null: none yet). Ids are
 * uuid v7, so they sort by creation time; consumers use this to let a late, older event change
 * nothing a newer one already set.
 */
export function isLaterEvent(eventId: string, than: string | null): boolean {
  return than === null || eventId.toLowerCase() > than.toLowerCase();
}
