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
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskPhone(value.message),
      stack: value.stack && maskPhone(value.stack),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = maskPhonesDeep(item, depth + 1);
  return out;
}
