import { countSegments } from '@threadline/contracts';
import { numSegments } from './num-segments';

describe('numSegments (S4: the simulator reports what the shared count says)', () => {
  it.each([
    ['plain GSM-7 text', 'Your order has shipped'],
    ['160 GSM-7 characters', 'a'.repeat(160)],
    ['161 GSM-7 characters', 'a'.repeat(161)],
    ['extension characters counting double', '€'.repeat(81)],
    ['UCS-2 with an emoji', `${'é'.repeat(60)}Привет 👋`],
    ['71 UCS-2 units', 'Ж'.repeat(71)],
  ])('matches countSegments for %s', (_name, body) => {
    expect(numSegments(body)).toBe(countSegments(body).segments);
  });

  it('splits 161 GSM-7 characters into 2 and 71 UCS-2 units into 2', () => {
    expect(numSegments('a'.repeat(161))).toBe(2);
    expect(numSegments('Ж'.repeat(71))).toBe(2);
  });

  it('counts a media-only message (empty body) as 1', () => {
    expect(numSegments('')).toBe(1);
  });
});
