import { addressBucket, clientAddress, judgeLoginAttempt, loginLimitKeys } from './login-limits';

const limits = { perUsername: 10, perAddress: 50, windowMs: 900_000 };
const counter = (count: number, ttlMs = 600_000) => ({ count, ttlMs });

describe('judgeLoginAttempt', () => {
  it('admits attempts up to and including the limit of each key', () => {
    expect(judgeLoginAttempt({ username: counter(1), address: counter(1) }, limits)).toEqual({
      admitted: true,
    });
    expect(judgeLoginAttempt({ username: counter(10), address: counter(50) }, limits)).toEqual({
      admitted: true,
    });
  });

  it('refuses the attempt past the username limit, waiting out that window in whole seconds', () => {
    expect(judgeLoginAttempt({ username: counter(11, 12_345), address: counter(11) }, limits)).toEqual({
      admitted: false,
      retryAfterSeconds: 13,
      limitedBy: ['username'],
    });
  });

  it('refuses the attempt past the address limit, whichever username it names', () => {
    expect(judgeLoginAttempt({ username: counter(1), address: counter(51, 59_000) }, limits)).toEqual({
      admitted: false,
      retryAfterSeconds: 59,
      limitedBy: ['address'],
    });
  });

  it('waits for the longer window when both are over', () => {
    expect(
      judgeLoginAttempt({ username: counter(11, 5_000), address: counter(51, 300_000) }, limits),
    ).toMatchObject({ retryAfterSeconds: 300, limitedBy: ['username', 'address'] });
  });

  it('asks for at least a second, and for a whole window when Redis reports no expiry', () => {
    expect(judgeLoginAttempt({ username: counter(11, 3), address: counter(1) }, limits)).toMatchObject({
      retryAfterSeconds: 1,
    });
    expect(judgeLoginAttempt({ username: counter(11, -1), address: counter(1) }, limits)).toMatchObject({
      retryAfterSeconds: 900,
    });
  });
});

describe('clientAddress', () => {
  it('is the socket’s peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', 0)).toBe('203.0.113.9');
  });

  it('reads the entry the outermost trusted proxy added, ignoring what the client wrote before it', () => {
    // The client forged 1.1.1.1; the load balancer appended the real peer, then the ingress its own.
    expect(clientAddress('10.0.0.5', '1.1.1.1, 198.51.100.7, 10.0.0.9', 2)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.5', ['1.1.1.1', '198.51.100.7'], 1)).toBe('198.51.100.7');
  });

  it('falls back to the peer when the header is missing, too short or not an address', () => {
    expect(clientAddress('10.0.0.5', undefined, 1)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', '198.51.100.7', 2)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', 'not-an-address', 1)).toBe('10.0.0.5');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });
});

describe('addressBucket', () => {
  it('counts IPv4, also written as IPv6, as itself', () => {
    expect(addressBucket('203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts IPv6 by its /64, however it is written', () => {
    expect(addressBucket('2001:db8:0:12::1')).toBe('2001:db8:0:12::/64');
    expect(addressBucket('2001:0db8:0000:0012:ffff:1:2:3')).toBe('2001:db8:0:12::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
  });
});

describe('loginLimitKeys', () => {
  it('keys by the hashed username and the address bucket, under the prefix', () => {
    const keys = loginLimitKeys('t1:agent-gateway:', 'alice', '::ffff:203.0.113.9');
    expect(keys.address).toBe('t1:agent-gateway:login-failures:addr:203.0.113.9');
    expect(keys.username).toMatch(/^t1:agent-gateway:login-failures:user:[\w-]{22}$/);
    expect(keys.username).not.toContain('alice');
  });

  it('gives different usernames different keys, and one username always the same', () => {
    const a = loginLimitKeys('p:', 'alice', '1.2.3.4').username;
    expect(loginLimitKeys('p:', 'alice', '5.6.7.8').username).toBe(a);
    expect(loginLimitKeys('p:', 'bob', '1.2.3.4').username).not.toBe(a);
  });
});
