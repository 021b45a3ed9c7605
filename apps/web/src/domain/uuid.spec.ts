import { randomUuid } from './uuid';

describe('randomUuid', () => {
  it('makes a version 4 uuid', () => {
    expect(randomUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sets the version and variant bits whatever the random bytes', () => {
    expect(randomUuid((bytes) => void bytes.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(randomUuid((bytes) => void bytes.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('differs each time', () => {
    expect(randomUuid()).not.toBe(randomUuid());
  });
});
