// E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
const E164 = /^\+[1-9]\d{1,14}$/;

// Numbers as they appear in log fields and messages, also URL-encoded in request paths.
const PHONE_IN_TEXT = /(\+|%2B)(\d{5,15})(?!\d)/gi;

export function isE164(value: string): boolean {
  return E164.test(value);
}

/**
 * Phone numbers are personal data: logs keep only the last four digits, enough to tell two
 * conversations apart while debugging.
 */
export function maskPhones(text: string): string {
  return text.replace(PHONE_IN_TEXT, (_match, plus: string, digits: string) => {
    return `${plus}${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  });
}
