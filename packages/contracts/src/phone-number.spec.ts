import { toE164 } from './phone-number';

describe('toE164', () => {
  it.each([
    ['+15551230001', 'US', '+15551230001'],
    ['+1 (555) 010-0001', 'US', '+15550100001'],
    ['(555) 123-0001', 'US', '+15551230001'],
    ['1-555-123-0001', 'US', '+15551230001'],
    ['  +15551230001  ', 'US', '+15551230001'],
    ['07911 123456', 'GB', '+447911123456'],
    ['+44 7911 123456', 'US', '+447911123456'],
  ] as const)('normalises %j (region %s) to %s', (text, region, e164) => {
    expect(toE164(text, region)).toBe(e164);
  });

  it.each([
    ['not-a-number'],
    [''],
    ['123'],
    ['+1555'],
    ['+15551230001abc'],
    ['call +15551230001'],
    ['tel:+15551230001'],
    ['+15551230001 ext. 12'],
    ['+999123456789'],
  ])('refuses %j', (text) => {
    expect(toE164(text, 'US')).toBeNull();
  });

  it('reads a national number in the default region, not always the US', () => {
    expect(toE164('07911 123456', 'US')).toBeNull();
    expect(toE164('07911 123456', 'GB')).toBe('+447911123456');
  });
});
