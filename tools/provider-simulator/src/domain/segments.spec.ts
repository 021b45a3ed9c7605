import { countSegments } from './segments';

describe('countSegments', () => {
  it('should count an empty body as one segment', () => {
    expect(countSegments('')).toBe(1);
  });

  it('should fit 160 GSM characters in one segment and split longer bodies by 153', () => {
    expect(countSegments('a'.repeat(160))).toBe(1);
    expect(countSegments('a'.repeat(161))).toBe(2);
    expect(countSegments('a'.repeat(306))).toBe(2);
    expect(countSegments('a'.repeat(307))).toBe(3);
  });

  it('should count GSM extension characters twice', () => {
    expect(countSegments('€'.repeat(80))).toBe(1);
    expect(countSegments('€'.repeat(81))).toBe(2);
  });

  it('should fall back to UCS-2 limits for characters outside the GSM alphabet', () => {
    expect(countSegments('ł'.repeat(70))).toBe(1);
    expect(countSegments('ł'.repeat(71))).toBe(2);
    expect(countSegments(`${'a'.repeat(100)}😀`)).toBe(2);
  });
});
