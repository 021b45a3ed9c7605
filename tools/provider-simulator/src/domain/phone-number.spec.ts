import { isE164, maskPhones } from './phone-number';

describe('isE164', () => {
  it.each(['+15551230001', '+447700900123', '+12'])('should accept %s', (value) => {
    expect(isE164(value)).toBe(true);
  });

  it.each(['15551230001', '+0555123', '+1555123000112345', '+1 555 123', '', '+'])(
    'should reject %p',
    (value) => {
      expect(isE164(value)).toBe(false);
    },
  );
});

describe('maskPhones', () => {
  it('should keep only the last four digits of every number', () => {
    expect(maskPhones('from +15551230001 to +15550100001')).toBe('from +*******0001 to +*******0001');
  });

  it('should mask URL-encoded numbers in paths', () => {
    expect(maskPhones('/sim/phones/%2B15551230001/messages')).toBe('/sim/phones/%2B*******0001/messages');
  });

  it('should leave sids, ports and plain digits alone', () => {
    const text = 'AC00000000000000000000000000000001 http://127.0.0.1:3100 code 30003';
    expect(maskPhones(text)).toBe(text);
  });
});
