import { type CountryCode, schemas, toE164 } from '@threadline/contracts';
import { AppError } from '@threadline/platform';
import { z } from 'zod';
import { AgentErrorCodes } from '../../app/error-codes';
import { decodeCursor } from '../../domain/page-cursor';
import { COMPLETED_STATES } from '../../domain/views';

/**
 * Query strings of the manager's lists and of the conversation search (SPEC I4, I5). Unknown
 * parameters are refused: a misspelt filter must not quietly widen a search to everything.
 */

/** A whole number in a query string ("20"); anything else is refused rather than guessed at. */
const queryInteger = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number')
  .transform(Number);

const limit = (fallback: number, max: number) =>
  queryInteger.pipe(z.number().int().min(1).max(max)).default(fallback);

/** A sort key part given out by the repository: a UTC time with microseconds, or 'infinity'. */
function isTimeKey(part: string): boolean {
  if (part === 'infinity') return true;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/.test(part)) return false;
  // The database would refuse a date that does not exist (February 30): refuse it here, as a 400.
  const milliseconds = part.slice(0, 23);
  const date = new Date(`${milliseconds}Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 23) === milliseconds;
}

const isId = (part: string) => z.uuid().safeParse(part).success;

/** A cursor of a list whose sort key has these parts, decoded; anything else is a 400. */
function cursorOf(parts: ReadonlyArray<'time' | 'id'>) {
  return z
    .string()
    .transform((raw, ctx) => {
      const key = decodeCursor(raw);
      const valid =
        key !== null &&
        key.length === parts.length &&
        key.every((part, index) => (parts[index] === 'time' ? isTimeKey(part) : isId(part)));
      if (!valid) {
        ctx.addIssue({ code: 'custom', message: 'must be the nextCursor of a previous page of this list' });
        return z.NEVER;
      }
      return key;
    })
    .optional();
}

/** Text that should be a phone number; normalised by {@link phoneNumberOf}. */
const phoneText = z.string().trim().min(1).max(64);
const agentId = z.string().trim().min(1).max(200);
const openStates = schemas.interactionState.exclude([...COMPLETED_STATES] as [
  'closed_complete',
  'closed_abandoned',
]);

export const ongoingWorkQuery = z.strictObject({
  agentId: agentId.optional(),
  companyNumber: phoneText.optional(),
  state: openStates.optional(),
  limit: limit(50, 200),
  cursor: cursorOf(['time', 'time', 'id']),
});

export const waitingWorkQuery = z.strictObject({
  queueState: z.enum(['queued', 'offered']).optional(),
  agentId: agentId.optional(),
  companyNumber: phoneText.optional(),
  limit: limit(50, 200),
  cursor: cursorOf(['time', 'id']),
});

const isoTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date and time with a zone, such as 2025-01-31T00:00:00Z',
});

export const searchQuery = z
  .strictObject({
    requester: phoneText.optional(),
    userId: z.string().trim().min(1).max(200).optional(),
    companyNumber: phoneText.optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    state: z.enum(['closed', 'any']).default('closed'),
    limit: limit(20, 100),
    cursor: cursorOf(['time', 'id']),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) <= Date.parse(query.to), {
    message: 'must not be before from',
    path: ['to'],
  });

export const historyQuery = z.strictObject({
  limit: limit(10, 50),
  cursor: cursorOf(['time', 'id']),
});

/** The E.164 form of a number typed in a query, or a 400 PHONE_NUMBER_INVALID naming the parameter. */
export function phoneNumberOf(
  text: string | undefined,
  parameter: string,
  region: CountryCode,
): string | null {
  if (text === undefined) return null;
  const number = toE164(text, region);
  if (number === null) {
    throw new AppError(AgentErrorCodes.PHONE_NUMBER_INVALID, 400, `${parameter} is not a phone number`, [
      { path: parameter, message: 'must be a phone number, such as +15551230001' },
    ]);
  }
  return number;
}
