import type { WebhookForm } from './webhook-form';

/**
 * C0 control characters but tab, line feed and carriage return. No phone keyboard types them
 * and the GSM alphabet cannot carry them, so in a webhook they are artefacts of the request,
 * not a requester's words; and Postgres text cannot hold NUL at all (decision 21).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** A form with control characters removed, and how many went from each field that had any. */
export interface CleanedForm {
  form: WebhookForm;
  removed: Record<string, number>;
}

/**
 * Removes control characters from the named fields (from every value of a repeated one);
 * other fields are left as sent, since nothing reads or stores them. Must run after the
 * signature check, which covers the form as sent.
 */
export function withoutControlCharacters(form: WebhookForm, fields: readonly string[]): CleanedForm {
  const cleaned: Record<string, unknown> = { ...form };
  const removed: Record<string, number> = {};
  for (const field of fields) {
    const value = form[field];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    let count = 0;
    const clean = values.map((one) => {
      if (typeof one !== 'string') return one;
      const kept = one.replace(CONTROL_CHARACTERS, '');
      count += one.length - kept.length;
      return kept;
    });
    if (count === 0) continue;
    cleaned[field] = Array.isArray(value) ? clean : clean[0];
    removed[field] = count;
  }
  return { form: cleaned, removed };
}
