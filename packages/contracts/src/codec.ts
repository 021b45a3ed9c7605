import { v7 as uuidv7 } from 'uuid';
import { type z } from 'zod';
import { type Envelope, envelopeSchema, splitSubject, subjectOf } from './envelope';
import { ContractError } from './errors';
import { contracts, isSubject, type PayloadOf, type Subject } from './registry';

export type EnvelopeOf<S extends Subject> = Envelope<S, PayloadOf<S>> & { readonly subject: S };

export interface EnvelopeOptions {
  correlationId?: string | null;
  causationId?: string | null;
  /** Fixed ids and clocks are for tests and for re-deriving an event from stored state. */
  id?: string;
  occurredAt?: Date;
}

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/**
 * Builds an envelope for `subject`, validating `data` first: a service never emits a
 * message its consumers would refuse.
 */
export function createEnvelope<S extends Subject>(
  subject: S,
  data: PayloadOf<S>,
  options: EnvelopeOptions = {},
): EnvelopeOf<S> {
  const split = splitSubject(subject)!;
  const parsed = contracts[subject].schema.safeParse(data);
  if (!parsed.success) {
    throw new ContractError('PAYLOAD_INVALID', `data does not match ${subject}`, issuesOf(parsed.error));
  }
  return {
    id: options.id ?? uuidv7(),
    type: split.type,
    version: split.version,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    correlationId: options.correlationId ?? null,
    causationId: options.causationId ?? null,
    data: parsed.data as PayloadOf<S>,
    subject,
  };
}

/**
 * The one way to read a message. Refuses, with a {@link ContractError}, anything that is not
 * an envelope, a type or version we do not know (never guessed at), a subject that disagrees
 * with the envelope, or data that does not match the schema.
 *
 * @param subject the subject the message arrived on (namespace already removed), if known
 */
export function parseEnvelope(subject: string | undefined, raw: unknown): EnvelopeOf<Subject> {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new ContractError(
      'ENVELOPE_INVALID',
      'message is not a Threadline envelope',
      issuesOf(envelope.error),
    );
  }
  const { type, version } = envelope.data;
  const derived = subjectOf(type, version);
  if (!isSubject(derived)) {
    const knownVersions = Object.keys(contracts)
      .map((known) => splitSubject(known)!)
      .filter((known) => known.type === type)
      .map((known) => known.version);
    if (knownVersions.length === 0) {
      throw new ContractError('UNKNOWN_MESSAGE_TYPE', `unknown message type ${type}`);
    }
    throw new ContractError(
      'UNSUPPORTED_VERSION',
      `${type} version ${version} is not supported (known: ${knownVersions.join(', ')})`,
      { knownVersions },
    );
  }
  if (subject !== undefined && subject !== derived) {
    throw new ContractError('SUBJECT_MISMATCH', `a ${derived} envelope arrived on ${subject}`);
  }
  const data = contracts[derived].schema.safeParse(envelope.data.data);
  if (!data.success) {
    throw new ContractError('PAYLOAD_INVALID', `data does not match ${derived}`, issuesOf(data.error));
  }
  const parsed: EnvelopeOf<Subject> = { ...envelope.data, data: data.data, subject: derived };
  return parsed;
}

/** Parses the bytes of a NATS message body. */
export function decodeEnvelope(subject: string | undefined, bytes: Uint8Array): EnvelopeOf<Subject> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new ContractError('ENVELOPE_INVALID', 'message body is not JSON');
  }
  return parseEnvelope(subject, raw);
}

/** The wire form: the envelope without the derived `subject`. */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  const { subject: _subject, ...wire } = envelope;
  return Buffer.from(JSON.stringify(wire), 'utf8');
}
