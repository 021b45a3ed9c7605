import { queries } from '@threadline/contracts';
import { AppError, runSeed, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { sign } from 'jsonwebtoken';
import { z } from 'zod';
import { agentGatewayService } from '../src/agent-gateway.service';
import { DEVELOPMENT_JWT_SECRET } from '../src/config';
import { seedDemoAgents } from '../src/infra/database/demo-agents.seed';
import { ADMIN, ALICE, call, login, MARIA, startGateway } from './support/gateway';
import { FakeOwners } from './support/owners';
import { AgentSocket } from './support/sockets';
import { TOKEN_EXPIRED_CLOSE_CODE } from '../src/infra/push/agent-sockets';
import { once } from 'node:events';

describe('agent login and tokens', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    // The seed command's own path: it migrates, then upserts; a second run changes nothing.
    await runSeed(agentGatewayService, seedDemoAgents, environment.env);
    await runSeed(agentGatewayService, seedDemoAgents, environment.env);
    service = await startGateway(environment);
    owners = await FakeOwners.start(environment);
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  it('seeds the four demo agents with their fixed ids, once however often it runs', async () => {
    const rows = await service.runtime.dataSource.query<unknown[]>(
      `SELECT id, username, display_name, role, active FROM agent_account ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: '01970000-0000-7000-8000-00000000a001',
        username: 'alice',
        display_name: 'Alice',
        role: 'agent',
        active: true,
      },
      {
        id: '01970000-0000-7000-8000-00000000a002',
        username: 'bob',
        display_name: 'Bob',
        role: 'agent',
        active: true,
      },
      {
        id: '01970000-0000-7000-8000-00000000a003',
        username: 'maria',
        display_name: 'Maria',
        role: 'manager',
        active: true,
      },
      {
        id: '01970000-0000-7000-8000-00000000a004',
        username: 'admin',
        display_name: 'Admin',
        role: 'admin',
        active: true,
      },
    ]);
  });

  it('logs a demo agent in and names them, with the token’s expiry', async () => {
    const before = Date.now();
    const answer = await call(service, 'POST', '/auth/login', {
      body: { username: 'Alice', password: 'threadline-demo' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresAt: expect.any(String),
      agent: { id: ALICE.id, username: 'alice', displayName: 'Alice', role: 'agent' },
    });
    const { expiresAt } = z.object({ expiresAt: z.iso.datetime() }).parse(answer.body);
    expect(Date.parse(expiresAt) - before).toBeGreaterThan(28_790_000);
    expect(Date.parse(expiresAt) - before).toBeLessThanOrEqual(28_801_000);
  });

  it('answers a wrong password and an unknown username alike, with 401 INVALID_CREDENTIALS', async () => {
    const wrongPassword = await call(service, 'POST', '/auth/login', {
      body: { username: 'alice', password: 'not-the-password' },
    });
    const unknownUser = await call(service, 'POST', '/auth/login', {
      body: { username: 'mallory', password: 'threadline-demo' },
    });
    expect(wrongPassword).toEqual({
      status: 401,
      body: { error: { code: 'INVALID_CREDENTIALS', message: 'wrong username or password' } },
    });
    expect(unknownUser).toEqual(wrongPassword);
  });

  it('refuses a login without a password with 400 VALIDATION_FAILED naming the field', async () => {
    const answer = await call(service, 'POST', '/auth/login', { body: { username: 'alice' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ path: 'password' }] },
    });
  });

  it('tells the agent who they are from their token', async () => {
    const token = await login(service, 'maria');
    expect(await call(service, 'GET', '/me', { token })).toEqual({
      status: 200,
      body: { id: MARIA.id, username: 'maria', displayName: 'Maria', role: 'manager' },
    });
  });

  it('logs the demo admin in with the admin role', async () => {
    const token = await login(service, 'admin');
    expect(await call(service, 'GET', '/me', { token })).toEqual({
      status: 200,
      body: { id: ADMIN.id, username: 'admin', displayName: 'Admin', role: 'admin' },
    });
  });

  it.each([
    ['no bearer token', 'UNAUTHENTICATED', undefined],
    ['a malformed token', 'TOKEN_INVALID', 'not-a-jwt'],
    [
      'a token signed with another secret',
      'TOKEN_INVALID',
      sign({ sub: ALICE.id, role: 'agent' }, 'another-secret-that-is-long-enough-0123', {
        algorithm: 'HS256',
        expiresIn: 60,
      }),
    ],
    [
      'an unsigned token',
      'TOKEN_INVALID',
      sign({ sub: ALICE.id, role: 'agent' }, null, { algorithm: 'none', expiresIn: 60 }),
    ],
    [
      'a token of ours without agent claims',
      'TOKEN_INVALID',
      sign({ sub: 'alice' }, DEVELOPMENT_JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 }),
    ],
    [
      'a token of ours that has expired',
      'TOKEN_EXPIRED',
      sign(
        { sub: ALICE.id, role: 'agent', exp: Math.floor(Date.now() / 1000) - 10 },
        DEVELOPMENT_JWT_SECRET,
        {
          algorithm: 'HS256',
        },
      ),
    ],
  ])('answers a request with %s with 401 %s', async (_label, code, token) => {
    const answer = await call(service, 'GET', '/me', { token });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code } });
  });

  it('shuts out an agent whose account was deactivated, token or not', async () => {
    const token = await login(service, 'maria');
    await service.runtime.dataSource.query(
      `UPDATE agent_account SET active = false WHERE username = 'maria'`,
    );
    try {
      expect(await call(service, 'GET', '/me', { token })).toMatchObject({
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED' } },
      });
      expect(
        await call(service, 'POST', '/auth/login', {
          body: { username: 'maria', password: 'threadline-demo' },
        }),
      ).toMatchObject({ status: 401, body: { error: { code: 'INVALID_CREDENTIALS' } } });
    } finally {
      await service.runtime.dataSource.query(
        `UPDATE agent_account SET active = true WHERE username = 'maria'`,
      );
    }
  });

  describe('presence', () => {
    it('W3: forwards my presence to routing and answers with routing’s answer', async () => {
      await owners.answer(queries.setAgentPresence, ({ agentId, presence }) =>
        Promise.resolve({ agentId, presence, capacity: 4, load: 1 }),
      );
      const token = await login(service, 'alice');
      const answer = await call(service, 'PUT', '/me/presence', { token, body: { presence: 'available' } });
      expect(answer).toEqual({
        status: 200,
        body: { agentId: ALICE.id, presence: 'available', capacity: 4, load: 1 },
      });
      expect(owners.asked).toEqual([
        { subject: 'routing.agent.set-presence.v1', request: { agentId: ALICE.id, presence: 'available' } },
      ]);
    });

    it('W3: forwards a presence state an admin added, by its name', async () => {
      await owners.answer(queries.setAgentPresence, ({ agentId, presence }) =>
        Promise.resolve({ agentId, presence, capacity: 4, load: 0 }),
      );
      const token = await login(service, 'alice');
      const answer = await call(service, 'PUT', '/me/presence', { token, body: { presence: 'training' } });
      expect(answer).toMatchObject({ status: 200, body: { presence: 'training' } });
      expect(owners.asked).toEqual([
        { subject: 'routing.agent.set-presence.v1', request: { agentId: ALICE.id, presence: 'training' } },
      ]);
    });

    it.each([['Busy'], ['on call'], [''], [7]])(
      'refuses %j, which is not a presence name, without asking routing',
      async (presence) => {
        const token = await login(service, 'alice');
        const answer = await call(service, 'PUT', '/me/presence', { token, body: { presence } });
        expect(answer).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
        expect(owners.asked).toEqual([]);
      },
    );

    it('passes on routing’s 400 PRESENCE_UNKNOWN for a name it has no state of', async () => {
      await owners.answer(queries.setAgentPresence, ({ presence }) =>
        Promise.reject(new AppError('PRESENCE_UNKNOWN', 400, `no presence state ${presence}`)),
      );
      const token = await login(service, 'alice');
      const answer = await call(service, 'PUT', '/me/presence', { token, body: { presence: 'busy' } });
      expect(answer).toMatchObject({
        status: 400,
        body: { error: { code: 'PRESENCE_UNKNOWN', message: 'no presence state busy' } },
      });
    });

    it('answers 503 DEPENDENCY_UNAVAILABLE while routing is down', async () => {
      const token = await login(service, 'alice');
      const answer = await call(service, 'PUT', '/me/presence', { token, body: { presence: 'away' } });
      expect(answer).toMatchObject({
        status: 503,
        body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'routing' } } },
      });
    });
  });
});

describe('token lifetime', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment, { AUTH_TOKEN_TTL_SECONDS: '2' });
    await service.runtime.dataSource.transaction((manager) => seedDemoAgents(manager));
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
  });

  it('answers 401 TOKEN_EXPIRED once AUTH_TOKEN_TTL_SECONDS have passed', async () => {
    const token = await login(service, 'bob');
    expect((await call(service, 'GET', '/me', { token })).status).toBe(200);
    await eventually(
      async () =>
        expect(await call(service, 'GET', '/me', { token })).toMatchObject({
          status: 401,
          body: { error: { code: 'TOKEN_EXPIRED' } },
        }),
      { timeoutMs: 5_000, intervalMs: 200 },
    );
  });

  it('closes a WebSocket when the token that opened it expires (code 4001)', async () => {
    const token = await login(service, 'bob');
    const socket = await AgentSocket.open(service.url, token);
    const [code] = (await once(socket.socket, 'close')) as [number];
    expect(code).toBe(TOKEN_EXPIRED_CLOSE_CODE);
  });
});
