import { hashPassword, parseStoredPassword, passwordProblems, verifyPassword } from './password';

// Cheap parameters keep the suite fast; the format and comparison are what is under test.
const FAST = { N: 1024, r: 8, p: 1, keyLength: 32 };

describe('password hashing', () => {
  it('verifies the password it hashed and refuses any other', async () => {
    const stored = await hashPassword('correct horse battery', FAST);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('stores parameters, a 16-byte salt and the key in one string', async () => {
    const stored = await hashPassword('correct horse battery', FAST);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const parsed = parseStoredPassword(stored);
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.key).toHaveLength(32);
    expect(parsed?.params).toEqual(FAST);
  });

  it('salts every hash, so one password never hashes the same twice', async () => {
    const [a, b] = await Promise.all([
      hashPassword('correct horse battery', FAST),
      hashPassword('correct horse battery', FAST),
    ]);
    expect(a).not.toBe(b);
  });

  it('verifies with the parameters stored in the hash, not the current defaults', async () => {
    const stored = await hashPassword('correct horse battery', { N: 2048, r: 4, p: 2, keyLength: 24 });
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['a cost that is not a power of two', 'scrypt$1000$8$1$c2FsdA==$a2V5'],
    ['a cost too large to afford', `scrypt$${2 ** 24}$8$1$c2FsdA==$a2V5`],
    ['missing parts', 'scrypt$1024$8$1$c2FsdA=='],
  ])('never matches a stored value that is %s', async (_label, stored) => {
    expect(parseStoredPassword(stored)).toBeNull();
    expect(await verifyPassword('anything at all', stored)).toBe(false);
  });
});

describe('password policy', () => {
  it('accepts the demo password', () => {
    expect(passwordProblems('threadline-demo')).toEqual([]);
  });

  it('says what is wrong with a short or padded password', () => {
    expect(passwordProblems('short')).toEqual(['must be at least 12 characters']);
    expect(passwordProblems(' padded password ')).toEqual(['must not start or end with spaces']);
    expect(passwordProblems('x'.repeat(300))).toEqual(['must be at most 256 characters']);
  });

  it('refuses to hash a password that breaks it', async () => {
    await expect(hashPassword('short', FAST)).rejects.toThrow('at least 12 characters');
  });
});
