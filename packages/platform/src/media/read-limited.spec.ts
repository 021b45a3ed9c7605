import { MediaTooLargeError, readLimited } from './read-limited';

describe('S5: reading media with a size limit', () => {
  it('returns every byte up to the limit', async () => {
    const read = await readLimited([Buffer.from('abc'), Buffer.from('de')], 5);
    expect(read.toString()).toBe('abcde');
  });

  it('refuses one byte more, and stops reading there', async () => {
    let pulled = 0;
    function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.alloc(4);
      }
    }
    await expect(readLimited(endless(), 10)).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(pulled).toBe(3);
  });
});
