import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost settings; stored with every hash so they can be raised without a reset. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

/** About 16 MiB and tens of milliseconds per hash: slow for guessing, fine for one login. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 16_384, r: 8, p: 1, keyLength: 32 };

export const PASSWORD_POLICY = { minLength: 12, maxLength: 256 } as const;

const SALT_BYTES = 16;
const PREFIX = 'scrypt';
/** Bounds on stored parameters, so a corrupted row cannot make a login eat all memory. */
const MAX_N = 1 << 20;
const MAX_KEY_LENGTH = 128;

/** What is wrong with a password someone wants to set, for people; empty when it is acceptable. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_POLICY.minLength)
    problems.push(`must be at least ${PASSWORD_POLICY.minLength} characters`);
  if (password.length > PASSWORD_POLICY.maxLength)
    problems.push(`must be at most ${PASSWORD_POLICY.maxLength} characters`);
  if (password.trim() !== password) problems.push('must not start or end with spaces');
  return problems;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const maxmem = 128 * params.N * params.r * params.p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      params.keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * `scrypt$N$r$p$<salt>$<hash>` (base64): parameters, a random salt and the derived key in one
 * string, so verifying needs nothing but the stored value.
 */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const problems = passwordProblems(password);
  if (problems.length > 0) throw new Error(`password ${problems.join('; ')}`);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export interface StoredPassword {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/** The parts of a stored hash, or null when it is not one this code wrote. */
export function parseStoredPassword(stored: string): StoredPassword | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  const valid =
    N !== undefined &&
    r !== undefined &&
    p !== undefined &&
    [N, r, p].every((value) => Number.isInteger(value) && value > 0) &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    salt.length > 0 &&
    key.length > 0 &&
    key.length <= MAX_KEY_LENGTH;
  if (!valid) return null;
  return { params: { N, r, p, keyLength: key.length }, salt, key };
}

/** Compares in constant time once derived; an unreadable stored value never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStoredPassword(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}
