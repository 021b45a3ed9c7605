import type { RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { DEMO_PASSWORD } from '../src/domain/demo-agents';
import { seedAgents, startGateway } from './support/gateway';

const WINDOW_SECONDS = 10;

/** Limits small enough to reach in a test; one proxy hop trusted, so each test picks its address. */
const limitsEnv = {
  LOGIN_MAX_FAILURES_PER_USERNAME: '3',
  LOGIN_MAX_FAILURES_PER_ADDRESS: '5',
  LOGIN_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS),
  TRUST_PROXY_HOPS: '1',
};

interface LoginAnswer {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

async function logIn(
  service: RunningService,
  username: string,
  password: string,
  address: string,
): Promise<LoginAnswer> {
  const response = await fetch(`${service.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

describe('login limits, shared by every replica through Redis', () => {
  let environment: IsolatedEnvironment;
  let first: RunningService;
  let second: RunningService;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    first = await startGateway(environment, limitsEnv);
    second = await startGateway(environment, limitsEnv);
    await seedAgents(first);
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await environment?.dispose();
  });

  it('counts a username’s failures on both replicas together, then answers 429 with Retry-After', async () => {
    // Three failures, spread over the two replicas and three addresses: each is a plain 401.
    const failures = [
      await logIn(first, 'alice', 'wrong-1', '198.51.100.1'),
      await logIn(second, 'alice', 'wrong-2', '198.51.100.2'),
      await logIn(first, 'Alice', 'wrong-3', '198.51.100.3'),
    ];
    expect(failures.map((answer) => answer.status)).toEqual([401, 401, 401]);

    // The fourth, on either replica and from a fresh address, is refused before any password is
    // checked: the right one too.
    for (const [service, password] of [
      [second, 'wrong-4'],
      [first, DEMO_PASSWORD],
    ] as const) {
      const refused = await logIn(service, 'alice', password, '198.51.100.4');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        error: {
          code: 'TOO_MANY_LOGIN_ATTEMPTS',
          message: expect.stringMatching(/^too many failed logins; try again in \d+ s$/),
          details: { retryAfterSeconds: Number(refused.retryAfter) },
        },
      });
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(WINDOW_SECONDS);
    }

    // Another username is not affected.
    expect((await logIn(second, 'bob', DEMO_PASSWORD, '198.51.100.4')).status).toBe(200);
  });

  it('lets the username in again once its window has passed', async () => {
    const answer = await eventually(
      async () => {
        const attempt = await logIn(second, 'alice', DEMO_PASSWORD, '198.51.100.5');
        if (attempt.status !== 200) throw new Error(`still ${attempt.status}`);
        return attempt;
      },
      { timeoutMs: WINDOW_SECONDS * 3000, intervalMs: 250 },
    );
    expect(answer.body).toMatchObject({ agent: { username: 'alice' } });
  });

  it('counts an address’s failures across usernames and replicas', async () => {
    const address = '203.0.113.50';
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const service = index % 2 === 0 ? first : second;
      statuses.push((await logIn(service, `nobody-${index}`, 'guess', address)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const refused = await logIn(second, 'maria', DEMO_PASSWORD, address);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'TOO_MANY_LOGIN_ATTEMPTS' } });
    // The same usernames from elsewhere are still only wrong, not limited.
    expect((await logIn(first, 'nobody-0', 'guess', '203.0.113.51')).status).toBe(401);
    expect((await logIn(first, 'maria', DEMO_PASSWORD, '203.0.113.51')).status).toBe(200);
  });

  it('forgets a username’s failures when its owner logs in, and never counts a success', async () => {
    const address = '192.0.2.10';
    expect((await logIn(first, 'admin', 'typo-1', address)).status).toBe(401);
    expect((await logIn(second, 'admin', 'typo-2', address)).status).toBe(401);
    expect((await logIn(first, 'admin', DEMO_PASSWORD, address)).status).toBe(200);
    // Three more failures fit again (the limit is three), then the fourth is refused.
    const after = [];
    for (let index = 0; index < 3; index += 1)
      after.push((await logIn(second, 'admin', `typo-${index + 3}`, `192.0.2.${20 + index}`)).status);
    expect(after).toEqual([401, 401, 401]);
    expect((await logIn(second, 'admin', 'typo-6', '192.0.2.30')).status).toBe(429);
  });

  it('counts no failure for a request refused before any password is checked', async () => {
    const address = '192.0.2.99';
    const malformed = await fetch(`${first.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username: 'bob' }),
    });
    expect(malformed.status).toBe(400);
    for (let index = 0; index < 5; index += 1)
      expect((await logIn(first, `someone-${index}`, 'guess', address)).status).toBe(401);
    // Had the 400 counted, the fifth failure above would already have been refused.
    expect((await logIn(first, 'someone-5', 'guess', address)).status).toBe(429);
  });

  it('lets logins through, unlimited, while Redis does not answer', async () => {
    // bob is over his limit...
    const address = '198.51.100.200';
    for (let index = 0; index < 3; index += 1) await logIn(second, 'bob', `wrong-${index}`, address);
    expect((await logIn(second, 'bob', DEMO_PASSWORD, address)).status).toBe(429);
    // ...until this replica loses Redis: then nothing is counted, and a right password works.
    second.runtime.redis.disconnect();
    expect((await logIn(second, 'bob', DEMO_PASSWORD, address)).status).toBe(200);
    expect((await logIn(second, 'bob', 'wrong', address)).status).toBe(401);
    // The other replica, which still reaches Redis, keeps the limit.
    expect((await logIn(first, 'bob', DEMO_PASSWORD, address)).status).toBe(429);
    // Back, so this replica stops as it would after an outage.
    await second.runtime.redis.connect();
  });
});
