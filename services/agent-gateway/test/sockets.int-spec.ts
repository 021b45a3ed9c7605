import type { RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import { sign } from 'jsonwebtoken';
import { v7 as uuidv7 } from 'uuid';
import { WebSocket } from 'ws';
import { DEVELOPMENT_JWT_SECRET } from '../src/config';
import { offerCreated } from './support/events';
import { ALICE, login, publish, seedAgents, startGateway } from './support/gateway';
import { AgentSocket, upgradeStatus, withData } from './support/sockets';

describe('agent WebSocket', () => {
  let environment: IsolatedEnvironment;
  let replicaA: RunningService;
  let replicaB: RunningService;
  let token: string;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    // Two replicas of one deployment: one database, one NATS namespace, one Redis channel.
    replicaA = await startGateway(environment);
    replicaB = await startGateway(environment);
    await seedAgents(replicaA);
    token = await login(replicaA, 'alice');
  });

  afterAll(async () => {
    await replicaA?.stop();
    await replicaB?.stop();
    await environment?.dispose();
  });

  it('says it is ready, naming the agent, once the token is accepted', async () => {
    const socket = await AgentSocket.open(replicaA.url, token);
    expect(socket.messages[0]).toEqual({
      type: 'ready',
      data: { agentId: ALICE.id },
      at: expect.any(String),
    });
    await socket.close();
  });

  it('accepts the token in an Authorization header too', async () => {
    expect(
      await upgradeStatus(replicaA.url, { headers: { authorization: `Bearer ${token}` } }),
    ).toMatchObject({
      status: 101,
    });
  });

  it.each([
    ['no token', 'UNAUTHENTICATED', {}],
    ['a malformed token', 'TOKEN_INVALID', { query: '?access_token=garbage' }],
    [
      'a token signed with another secret',
      'TOKEN_INVALID',
      {
        query: `?access_token=${sign({ sub: ALICE.id, role: 'agent' }, 'someone-elses-secret-of-32-characters!', { expiresIn: 60 })}`,
      },
    ],
    [
      'an expired token',
      'TOKEN_EXPIRED',
      {
        headers: {
          authorization: `Bearer ${sign({ sub: ALICE.id, role: 'agent', exp: Math.floor(Date.now() / 1000) - 5 }, DEVELOPMENT_JWT_SECRET)}`,
        },
      },
    ],
  ])('refuses an upgrade with %s with HTTP 401 %s', async (_label, code, options) => {
    const refused = await upgradeStatus(replicaA.url, options);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code } });
  });

  it('answers 404 to an upgrade on any other path', async () => {
    expect((await upgradeStatus(replicaA.url, { path: `/elsewhere?access_token=${token}` })).status).toBe(
      404,
    );
  });

  it('reaches the agent’s sockets on every replica, whichever replica handled the event', async () => {
    const [onA, onB] = await Promise.all([
      AgentSocket.open(replicaA.url, token),
      AgentSocket.open(replicaB.url, token),
    ]);
    // The durable consumer is shared: only one replica projects the event and publishes the push.
    const offer = offerCreated(uuidv7(), ALICE.id);
    await publish(replicaA, offer);
    await Promise.all([
      onA.next('offer.created', withData({ workItemId: offer.data.workItemId })),
      onB.next('offer.created', withData({ workItemId: offer.data.workItemId })),
    ]);
    await Promise.all([onA.close(), onB.close()]);
  });

  it('closes its sockets when it shuts down, and stops promptly', async () => {
    const replicaC = await startGateway(environment);
    const socket = await AgentSocket.open(replicaC.url, token);
    const closed = new Promise<number>((resolve) => socket.socket.once('close', (code) => resolve(code)));
    const started = Date.now();
    await replicaC.stop();
    expect(await closed).toBe(1001);
    expect(socket.socket.readyState).toBe(WebSocket.CLOSED);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
