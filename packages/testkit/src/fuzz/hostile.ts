import fc from 'fast-check';

/**
 * Strings a stranger might send where a field is expected: the shapes parsers and validators
 * trip on, mixed with plain random text. Each is a reason a service once answered 500 somewhere.
 */
const SPECIMENS = [
  '',
  ' ',
  '\t\r\n',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  '\u007f\u0085\u2028\u2029',
  '\uFEFF',
  '\u200B\u200D\u202E',
  '\uD800',
  '\uDFFF\uD800',
  '😀👍🏽‍',
  'é'.normalize('NFD'),
  '%',
  '%%',
  '%zz',
  '%00',
  '%C0%AF',
  '%E2%82',
  '%2B15551230001',
  '+',
  '+1',
  '+15551230001',
  '+1555123000100000000000',
  '00',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '9007199254740993',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '{"__proto__":{"polluted":1}}',
  '__proto__',
  'constructor',
  "'; DROP TABLE x; --",
  '\\',
  '../../etc/passwd',
  '..%2F..%2F',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '*',
  '(a+)+$',
  '00000000-0000-0000-0000-000000000000',
  '018f0000-0000-7000-8000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-13-45T25:61:61Z',
];

/** A hostile string: a known troublemaker, random Unicode or bytes-as-text, or one of those repeated long. */
export function hostileString(options: { maxLength?: number } = {}): fc.Arbitrary<string> {
  const maxLength = options.maxLength ?? 64;
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SPECIMENS) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
        maxLength,
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...SPECIMENS, 'x'), fc.integer({ min: 100, max: 5000 }))
        .map(([unit, times]) => unit.repeat(times)),
    },
  );
}

/** Bytes that are often not UTF-8 at all (lone continuation bytes, overlongs, truncated sequences). */
export function hostileBytes(options: { maxLength?: number } = {}): fc.Arbitrary<Buffer> {
  const maxLength = options.maxLength ?? 256;
  return fc.oneof(
    fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes)),
    fc.constantFrom(
      Buffer.from([0x80]),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from([0xe2, 0x82]),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from([0xff, 0xfe, 0x00]),
      Buffer.from([0xf4, 0x90, 0x80, 0x80]),
    ),
  );
}

/** Any JSON value, including the awkward ones (deep nesting, huge numbers, unusual keys). */
export function anyJson(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(hostileString({ maxLength: 16 }), fc.jsonValue({ maxDepth: 1 }), {
        maxKeys: 5,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 50, max: 2000 }).map((depth) => {
        let value: unknown = 1;
        for (let level = 0; level < depth; level++) value = [value];
        return value;
      }),
    },
  );
}

/** A body that is not what a JSON endpoint expects: text that is not JSON, or not text at all. */
export function hostileRawBody(): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    hostileString({ maxLength: 200 }),
    hostileBytes(),
    fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'nul', '\uFEFF{}', '{"a":1e999999}', '"\\uD800"'),
  );
}
