import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLimited } from './read-limited';
import { LocalMediaStorage } from './local-media-storage';
import { isSafeMediaKey, UnsafeMediaKeyError } from './media-storage';

describe('S5: media keys', () => {
  it.each(['inbound/01970000-0000-7000-8000-000000000001-0', 'upload/abc', 'a.b_c-d'])(
    'accepts %s',
    (key) => {
      expect(isSafeMediaKey(key)).toBe(true);
    },
  );

  it.each([
    '',
    '/etc/passwd',
    '../x',
    'a/../../x',
    'a//b',
    'a/..',
    '.hidden',
    'a\\b',
    'a b',
    'a/b/c/d/e/f/g/h/i',
  ])('refuses %j', (key) => {
    expect(isSafeMediaKey(key)).toBe(false);
  });
});

describe('S5: local media storage', () => {
  let directory: string;
  let storage: LocalMediaStorage;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'threadline-media-spec-'));
    storage = new LocalMediaStorage(directory);
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('gives back what was put, with its content type and size', async () => {
    await storage.put('inbound/m1-0', Buffer.from('picture'), 'image/png');
    const stored = await storage.get('inbound/m1-0');
    expect(stored).toMatchObject({ contentType: 'image/png', size: 7 });
    expect((await readLimited(stored!.body, 100)).toString()).toBe('picture');
    expect(await storage.exists('inbound/m1-0')).toBe(true);
  });

  it('replaces a key written again, leaving no temporary files', async () => {
    await storage.put('upload/u1', Buffer.from('one'), 'image/gif');
    await storage.put('upload/u1', Buffer.from('two'), 'image/gif');
    expect((await readLimited((await storage.get('upload/u1'))!.body, 100)).toString()).toBe('two');
    expect((await readdir(join(directory, 'upload'))).sort()).toEqual(['u1', 'u1.type']);
  });

  it('knows nothing of a key never put', async () => {
    expect(await storage.get('upload/none')).toBeNull();
    expect(await storage.exists('upload/none')).toBe(false);
  });

  it('refuses a key that would leave its directory', async () => {
    await expect(storage.put('../escape', Buffer.from('x'), 'image/png')).rejects.toBeInstanceOf(
      UnsafeMediaKeyError,
    );
    await expect(storage.get('a/../../etc/passwd')).rejects.toBeInstanceOf(UnsafeMediaKeyError);
  });
});
