import { toRfc2822 } from './rfc2822';

describe('toRfc2822', () => {
  it('should format in UTC with a +0000 zone like Twilio', () => {
    expect(toRfc2822(new Date('2023-08-24T05:01:45.123Z'))).toBe('Thu, 24 Aug 2023 05:01:45 +0000');
  });

  it('should pad single-digit days and times', () => {
    expect(toRfc2822(new Date('2024-02-04T01:02:03Z'))).toBe('Sun, 04 Feb 2024 01:02:03 +0000');
  });

  it('should convert from other time zones to UTC', () => {
    expect(toRfc2822(new Date('2024-12-31T23:30:00-02:00'))).toBe('Wed, 01 Jan 2025 01:30:00 +0000');
  });

  it('should be parseable back to the same second', () => {
    const date = new Date('2025-06-15T12:34:56Z');
    expect(new Date(toRfc2822(date)).getTime()).toBe(date.getTime());
  });
});
