import { toE164 } from '../phone-number';
import type { FieldType } from './field-catalog';
import { show } from './show-value';

export type FieldValueCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Whether `value` is one `field` can have, and the form it is stored in (phone numbers in
 * E.164, everything else as it is). Null ("absent") is the caller's to allow or refuse.
 */
export function checkFieldValue(
  field: string,
  fieldType: FieldType,
  value: string | number | boolean,
): FieldValueCheck<string | number | boolean> {
  switch (fieldType.type) {
    case 'string':
      if (typeof value !== 'string')
        return refused(`${field} is a string field; ${show(value)} is not a string`);
      return withinMaxLength(field, fieldType.maxLength, value);
    case 'phone':
      if (typeof value !== 'string')
        return refused(`${field} is a phone field; ${show(value)} is not a string`);
      return phoneNumber(field, value);
    case 'boolean':
      if (typeof value !== 'boolean')
        return refused(`${field} is a boolean field; ${show(value)} is not true or false`);
      return { ok: true, value };
    case 'number':
      return numberInRange(field, fieldType, value);
    case 'enum':
      if (typeof value !== 'string' || !fieldType.values.includes(value)) {
        return refused(`${field} is one of ${fieldType.values.map(show).join(', ')}; ${show(value)} is not`);
      }
      return { ok: true, value };
  }
}

/**
 * Whether `prefix` can begin a value of `field` (a string or phone field), in its stored form.
 * An empty prefix is refused: it would only test that the fact is a string, which `exists` says.
 */
export function checkPrefix(
  field: string,
  fieldType: Extract<FieldType, { type: 'string' | 'phone' }>,
  prefix: string,
): FieldValueCheck<string> {
  if (prefix === '') return refused(`the prefix for ${field} must not be empty`);
  if (fieldType.type === 'string') return withinMaxLength(field, fieldType.maxLength, prefix);
  // A phone prefix is no whole number, so the phone parser cannot read it; it is the start of an
  // E.164 number, with the separators people type taken out.
  const compact = prefix.replace(/[\s().-]/g, '');
  if (!/^\+[1-9][0-9]{0,14}$/.test(compact)) {
    return refused(
      `the prefix for ${field} must be the start of an E.164 number, such as +1555; got ${show(prefix)}`,
    );
  }
  return { ok: true, value: compact };
}

function withinMaxLength(
  field: string,
  maxLength: number | undefined,
  value: string,
): FieldValueCheck<string> {
  if (maxLength !== undefined && value.length > maxLength) {
    return refused(`${field} is at most ${maxLength} characters; got ${value.length}`);
  }
  return { ok: true, value };
}

function phoneNumber(field: string, text: string): FieldValueCheck<string> {
  // Only numbers written with their country code: a national number means different things
  // in different regions, and a stored condition has no region to read it in. With the `+`,
  // the region passed to the parser is never used.
  const e164 = text.trim().startsWith('+') ? toE164(text, 'US') : null;
  if (e164 === null) {
    return refused(
      `${field} is a phone number with its country code, such as +15550100001; got ${show(text)}`,
    );
  }
  return { ok: true, value: e164 };
}

function numberInRange(
  field: string,
  fieldType: Extract<FieldType, { type: 'number' }>,
  value: string | number | boolean,
): FieldValueCheck<number> {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return refused(`${field} is a number field; ${show(value)} is not a number`);
  }
  if (fieldType.integer && !Number.isInteger(value))
    return refused(`${field} is a whole number; got ${value}`);
  if (fieldType.min !== undefined && value < fieldType.min) {
    return refused(`${field} is at least ${fieldType.min}; got ${value}`);
  }
  if (fieldType.max !== undefined && value > fieldType.max) {
    return refused(`${field} is at most ${fieldType.max}; got ${value}`);
  }
  return { ok: true, value };
}

function refused(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
