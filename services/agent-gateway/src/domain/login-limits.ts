import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/** How many failed logins each key may have in one window. */
export interface LoginLimits {
  perUsername: number;
  perAddress: number;
  windowMs: number;
}

/** One counter as Redis holds it after counting an attempt: its count and the ms its window has left. */
export interface Counter {
  count: number;
  ttlMs: number;
}

export type LoginAdmission =
  | { admitted: true }
  | { admitted: false; retryAfterSeconds: number; limitedBy: Array<'username' | 'address'> };

/**
 * The address a login comes from. The socket's peer, unless the gateway sits behind
 * `trustedProxyHops` proxies of our own: then the address the outermost of them saw, which is
 * that many entries from the right of X-Forwarded-For (each proxy appends the peer it saw).
 * Entries further left are whatever the client wrote, so they are never believed; with too
 * few entries the header did not come through our proxies, and the peer is used.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxyHops: number,
): string {
  const peer = socketAddress ?? 'unknown';
  if (trustedProxyHops === 0 || forwardedFor === undefined) return peer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const seen = entries[entries.length - trustedProxyHops];
  return seen !== undefined && isIP(seen) !== 0 ? seen : peer;
}

/**
 * What an address is counted as. IPv4 (and IPv4 written as IPv6, `::ffff:1.2.3.4`) as itself;
 * IPv6 by its /64, since one host is handed a whole /64 and can change addresses within it at will.
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIP(address) !== 6) return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * The two Redis keys of a login attempt, under the deployment's prefix. The username (already
 * normalised) is hashed so that any text a stranger types makes a short key of fixed form.
 */
export function loginLimitKeys(
  prefix: string,
  username: string,
  address: string,
): { username: string; address: string } {
  const digest = createHash('sha256').update(username).digest('base64url').slice(0, 22);
  return {
    username: `${prefix}login-failures:user:${digest}`,
    address: `${prefix}login-failures:addr:${addressBucket(address)}`,
  };
}

/**
 * Whether an attempt, already counted, may go on to check the password. Counting first and
 * judging after (rather than reading, checking, then counting) keeps concurrent attempts from
 * all slipping under the limit together: the attempt that makes a counter pass the limit is
 * refused. Each counter's window is fixed, from its first failure; a refused client waits for
 * the longest window it is over (whole seconds, at least one).
 */
export function judgeLoginAttempt(
  counters: { username: Counter; address: Counter },
  limits: LoginLimits,
): LoginAdmission {
  const over: Array<'username' | 'address'> = [];
  if (counters.username.count > limits.perUsername) over.push('username');
  if (counters.address.count > limits.perAddress) over.push('address');
  if (over.length === 0) return { admitted: true };
  const waitMs = Math.max(...over.map((key) => remainingMs(counters[key], limits.windowMs)));
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), limitedBy: over };
}

/** A counter without an expiry (never so, but Redis answers -1 for one) is treated as a fresh window. */
function remainingMs(counter: Counter, windowMs: number): number {
  return counter.ttlMs > 0 ? counter.ttlMs : windowMs;
}
