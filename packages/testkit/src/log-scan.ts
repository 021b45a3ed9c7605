// Looks through what processes wrote for what must never be in a log: secrets, tokens and
// passwords in any of the forms they travel in, and phone numbers whole rather than masked to
// their last four digits (the platform logger's rule, packages/platform/src/logging/mask.ts).

export interface SecretToFind {
  /** What it is, for the report: never the value itself. */
  label: string;
  value: string;
}

export interface LogLeak {
  process: string;
  /** 1-based line of that process's output. */
  line: number;
  /** The secret's label, or `phone number ending <last four>`. */
  what: string;
  /** The line with the leaked value replaced by its label, to show where it sat. */
  excerpt: string;
}

/** Shorter values would match by chance (and are no secret worth the name). */
const MIN_SECRET_LENGTH = 8;
const EXCERPT_LENGTH = 240;

/** The forms a value takes in a log: as it is, inside a JSON string, URL-encoded. */
function formsOf(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A phone number written whole, in any of the ways a log could carry it: E.164, bare digits, or
 * national with spaces, dots, dashes or brackets between the digits ("(555) 123-0001"). The
 * number's last ten digits (its national part, for NANP) are enough to recognise it; the masked
 * form `+*******0001` keeps four, so it never matches.
 */
function phonePattern(phone: string): RegExp {
  const digits = phone.replace(/\D/g, '');
  const significant = digits.slice(-10);
  const body = [...significant].map((digit) => escapeRegExp(digit)).join('[\\s().-]{0,2}');
  // Not anchored before: a country code may precede the ten digits ("+15551230001").
  return new RegExp(`${body}(?!\\d)`, 'g');
}

/** The line around the first leak, with every leak in it replaced by its label. */
function excerptOf(line: string, pattern: RegExp, label: string): string {
  const replaced = line.replace(pattern, `[${label}]`);
  if (replaced.length <= EXCERPT_LENGTH) return replaced;
  const start = Math.max(0, replaced.indexOf(`[${label}]`) - EXCERPT_LENGTH / 2);
  const window = replaced.slice(start, start + EXCERPT_LENGTH);
  return `${start > 0 ? '…' : ''}${window}${start + EXCERPT_LENGTH < replaced.length ? '…' : ''}`;
}

/**
 * Every place in `outputs` (lines by process name) where a secret or a whole phone number
 * appears. An empty list means the logs are clean.
 */
export function findLogLeaks(
  outputs: Record<string, readonly string[]>,
  secrets: readonly SecretToFind[],
  phones: readonly string[],
): LogLeak[] {
  for (const secret of secrets) {
    if (secret.value.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `${secret.label} is ${secret.value.length} characters: too short to look for (at least ${MIN_SECRET_LENGTH})`,
      );
    }
  }
  const patterns = [
    ...secrets.map((secret) => ({
      what: secret.label,
      pattern: new RegExp(formsOf(secret.value).map(escapeRegExp).join('|'), 'g'),
    })),
    ...[...new Set(phones)].map((phone) => ({
      what: `phone number ending ${phone.replace(/\D/g, '').slice(-4)}`,
      pattern: phonePattern(phone),
    })),
  ];
  const leaks: LogLeak[] = [];
  for (const [name, lines] of Object.entries(outputs)) {
    lines.forEach((line, index) => {
      for (const { what, pattern } of patterns) {
        pattern.lastIndex = 0;
        if (!pattern.test(line)) continue;
        leaks.push({ process: name, line: index + 1, what, excerpt: excerptOf(line, pattern, what) });
      }
    });
  }
  return leaks;
}
