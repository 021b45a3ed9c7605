import { countSegments, encodingOf } from './sms-segments';

describe('encodingOf (SPEC S4)', () => {
  it.each([
    ['plain ASCII', 'Your order ships today.', 'GSM-7'],
    ['an em dash and a circumflex', 'Ça coûte 5 € — no', 'UCS-2'],
    ['only the GSM tables', 'Ça va? ¿Qué tal? ΔΦΓ ÆØÅ {€}', 'GSM-7'],
    ['an emoji', 'Thanks 👍', 'UCS-2'],
    ['a curly quote', 'It’s here', 'UCS-2'],
    ['Chinese', '你好', 'UCS-2'],
    ['the empty text', '', 'GSM-7'],
  ])('%s is %s', (_name, text, encoding) => {
    expect(encodingOf(text)).toBe(encoding);
  });
});

describe('countSegments (SPEC S4)', () => {
  it('counts an empty text as no segment', () => {
    expect(countSegments('')).toMatchObject({ segments: 0, units: 0, perSegment: 160 });
  });

  it.each([
    [160, 1, 0],
    [161, 2, 145],
    [306, 2, 0],
    [307, 3, 152],
  ])('GSM-7: %i characters take %i segments, %i left', (length, segments, remaining) => {
    expect(countSegments('a'.repeat(length))).toEqual({
      encoding: 'GSM-7',
      units: length,
      segments,
      perSegment: length <= 160 ? 160 : 153,
      remainingInSegment: remaining,
    });
  });

  it('counts an extension-table character as two septets', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it('never splits an escape pair between two parts', () => {
    // 152 septets then a two-septet character: it cannot start in the last septet of part one.
    const text = `${'a'.repeat(152)}€${'a'.repeat(10)}`;
    expect(countSegments(text)).toMatchObject({ units: 164, segments: 2, remainingInSegment: 153 - 12 });
  });

  it.each([
    [70, 1, 0],
    [71, 2, 63],
    [134, 2, 0],
    [135, 3, 66],
  ])('UCS-2: %i characters take %i segments, %i left', (length, segments, remaining) => {
    expect(countSegments(`é${'ж'.repeat(length - 1)}`)).toMatchObject({
      encoding: 'UCS-2',
      units: length,
      segments,
      remainingInSegment: remaining,
    });
  });

  it('counts an emoji as two UTF-16 units and never splits it', () => {
    expect(countSegments('👍'.repeat(35))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
    // 66 units then a pair: it cannot take the 67th unit of part one, so it opens part two.
    const text = `${'ж'.repeat(66)}👍${'ж'.repeat(3)}`;
    expect(countSegments(text)).toMatchObject({ units: 71, segments: 2, remainingInSegment: 62 });
  });
});
