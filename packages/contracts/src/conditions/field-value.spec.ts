import type { FieldType } from './field-catalog';
import { checkFieldValue, checkPrefix } from './field-value';

const text: FieldType = { type: 'string' };
const shortText: FieldType = { type: 'string', maxLength: 5 };
const phone: FieldType = { type: 'phone' };
const flag: FieldType = { type: 'boolean' };
const anyNumber: FieldType = { type: 'number' };
const priority: FieldType = { type: 'number', integer: true, min: 0, max: 10 };
const colour: FieldType = { type: 'enum', values: ['red', 'green'] };

describe('checkFieldValue', () => {
  it.each([
    ['a string field takes any string', text, 'anything at all', 'anything at all'],
    ['a string field takes the empty string', text, '', ''],
    ['a string field takes a string of exactly maxLength', shortText, 'abcde', 'abcde'],
    ['a phone field takes E.164 as it is', phone, '+15550100001', '+15550100001'],
    ['a phone field stores a formatted number in E.164', phone, '+1 (555) 010-0001', '+15550100001'],
    ['a phone field trims the number', phone, '  +15550100001 ', '+15550100001'],
    ['a phone field takes other countries', phone, '+44 7911 123456', '+447911123456'],
    ['a boolean field takes true', flag, true, true],
    ['a boolean field takes false', flag, false, false],
    ['a number field takes a fraction', anyNumber, 2.5, 2.5],
    ['a number field takes a negative number', anyNumber, -3, -3],
    ['a number field takes its min', priority, 0, 0],
    ['a number field takes its max', priority, 10, 10],
    ['an enum field takes one of its values', colour, 'green', 'green'],
  ] as const)('%s', (_rule, fieldType, value, stored) => {
    expect(checkFieldValue('f', fieldType, value)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ['a string field refuses a number', text, 1, 'f is a string field; 1 is not a string'],
    ['a string field refuses a boolean', text, true, 'f is a string field; true is not a string'],
    [
      'a string field refuses a string over maxLength',
      shortText,
      'abcdef',
      'f is at most 5 characters; got 6',
    ],
    ['a phone field refuses a number', phone, 15550100001, 'f is a phone field; 15550100001 is not a string'],
    [
      'a phone field refuses a national number (no region to read it in)',
      phone,
      '(555) 010-0001',
      'f is a phone number with its country code, such as +15550100001; got "(555) 010-0001"',
    ],
    [
      'a phone field refuses text that is not a number',
      phone,
      '+1 call me',
      'f is a phone number with its country code, such as +15550100001; got "+1 call me"',
    ],
    [
      'a phone field refuses a number too short for its country',
      phone,
      '+1555',
      'f is a phone number with its country code, such as +15550100001; got "+1555"',
    ],
    [
      'a phone field refuses an extension',
      phone,
      '+15550100001 ext. 12',
      'f is a phone number with its country code, such as +15550100001; got "+15550100001 ext. 12"',
    ],
    ['a boolean field refuses a string', flag, 'true', 'f is a boolean field; "true" is not true or false'],
    ['a boolean field refuses a number', flag, 1, 'f is a boolean field; 1 is not true or false'],
    ['a number field refuses a numeric string', anyNumber, '1', 'f is a number field; "1" is not a number'],
    ['a number field refuses a boolean', anyNumber, false, 'f is a number field; false is not a number'],
    ['a number field refuses infinity', anyNumber, Infinity, 'f is a number field; Infinity is not a number'],
    ['a number field refuses NaN', anyNumber, NaN, 'f is a number field; NaN is not a number'],
    ['an integer field refuses a fraction', priority, 2.5, 'f is a whole number; got 2.5'],
    ['a number field refuses a value under min', priority, -1, 'f is at least 0; got -1'],
    ['a number field refuses a value over max', priority, 11, 'f is at most 10; got 11'],
    [
      'an enum field refuses a value not in its list',
      colour,
      'blue',
      'f is one of "red", "green"; "blue" is not',
    ],
    ['an enum field is case-sensitive', colour, 'Red', 'f is one of "red", "green"; "Red" is not'],
    ['an enum field refuses a number', colour, 1, 'f is one of "red", "green"; 1 is not'],
  ] as const)('%s', (_rule, fieldType, value, message) => {
    expect(checkFieldValue('f', fieldType, value)).toEqual({ ok: false, message });
  });
});

describe('checkPrefix', () => {
  it.each([
    ['a string prefix is kept as it is', text, ' Bill', ' Bill'],
    ['a string prefix may be as long as maxLength', shortText, 'abcde', 'abcde'],
    ['a phone prefix is a country code and digits', phone, '+1555', '+1555'],
    ['a phone prefix may be a country code alone', phone, '+4', '+4'],
    ['a phone prefix loses the separators people type', phone, '+1 (555) 01-0', '+1555010'],
    ['a phone prefix may be a whole number', phone, '+15550100001', '+15550100001'],
  ] as const)('%s', (_rule, fieldType, prefix, stored) => {
    expect(checkPrefix('f', fieldType, prefix)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ['an empty string prefix is refused', text, '', 'the prefix for f must not be empty'],
    ['an empty phone prefix is refused', phone, '', 'the prefix for f must not be empty'],
    ['a string prefix over maxLength is refused', shortText, 'abcdef', 'f is at most 5 characters; got 6'],
    ['a phone prefix without + is refused', phone, '1555', 'start of an E.164 number'],
    ['a phone prefix of + alone is refused', phone, '+', 'start of an E.164 number'],
    ['a phone prefix with country code 0 is refused', phone, '+0', 'start of an E.164 number'],
    ['a phone prefix with letters is refused', phone, '+1555abc', 'start of an E.164 number'],
    ['a phone prefix longer than E.164 is refused', phone, '+1234567890123456', 'start of an E.164 number'],
  ] as const)('%s', (_rule, fieldType, prefix, message) => {
    const checked = checkPrefix('f', fieldType, prefix);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.message).toContain(message);
  });

  it('names the field and the prefix it refused', () => {
    expect(checkPrefix('companyAddress', phone, '555')).toEqual({
      ok: false,
      message: 'the prefix for companyAddress must be the start of an E.164 number, such as +1555; got "555"',
    });
  });
});
