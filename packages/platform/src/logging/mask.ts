// Phone numbers are personal data: logs keep only the last four digits, enough to tell two
// conversations apart while debugging. A run of 8 to 15 digits (optionally with +, spaces,
// dots, dashes or brackets between them) that is not part of a longer word counts as a number;
// ISO dates and uuids are left alone because they touch letters or dashes on one side.
const PHONE_PATTERN = /(?<![\w-])\+?\(?\d(?:[\s().-]{0,2}\d){7,14}(?![\w-])/g;

export function maskPhone(text: string): string {
  return text.replace(PHONE_PATTERN, (match) => {
    const digits = match.replace(/\D/g, '');
    return `${match.startsWith('+') ? '+' : ''}${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  });
}

/** Masks phone numbers in every string inside a log record, without touching the original. */
export function maskPhonesDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhone(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskPhonesDeep(item, depth + 1));
  if (value instanceof Error) return describeError(value, depth);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = maskPhonesDeep(item, depth + 1);
  return out;
}

/**
 * What a log line keeps of an error's own fields besides its message: what says why it failed
 * (Postgres's SQLSTATE and detail, a socket's errno), never a query's parameters, which may be
 * personal data or secrets.
 */
const ERROR_FIELDS = [
  'code',
  'severity',
  'detail',
  'hint',
  'schema',
  'table',
  'column',
  'constraint',
  'routine',
  'errno',
  'syscall',
  'address',
  'port',
] as const;

/**
 * An error as a log record: its type, message and stack, the fields that name its cause (a
 * retried failure's line says "53300 too many clients", not only that it failed), and the
 * errors it wraps (`cause`, an AggregateError's `errors`), phone numbers masked throughout.
 */
function describeError(error: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: error.name,
    message: maskPhone(error.message),
    stack: error.stack && maskPhone(error.stack),
  };
  const fields = error as unknown as Record<string, unknown>;
  for (const field of ERROR_FIELDS) {
    const item = fields[field];
    if (typeof item === 'string' || typeof item === 'number') out[field] = maskPhonesDeep(item, depth + 1);
  }
  if (depth < 4) {
    if (error.cause !== undefined) out.cause = maskPhonesDeep(error.cause, depth + 1);
    if (error instanceof AggregateError) {
      out.errors = (error.errors as unknown[]).slice(0, 5).map((inner) => maskPhonesDeep(inner, depth + 1));
    }
  }
  return out;
}
