import { setTimeout as sleep } from 'node:timers/promises';
import { queries } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { z } from 'zod';
import { ALICE, BOB, call, login, seedAgents, startGateway } from './support/gateway';
import { FakeOwners } from './support/owners';
import { AgentSocket } from './support/sockets';

const HEARTBEAT = 'routing.agent.heartbeat.v1';
const INTERVAL_MS = 200;
const heartbeatRequest = z.object({ agentIds: z.array(z.string()) });

/** The agent ids of each heartbeat routing was sent so far, oldest first, each sorted. */
function heartbeats(owners: FakeOwners): string[][] {
  return owners.asked
    .filter((entry) => entry.subject === HEARTBEAT)
    .map((entry) => heartbeatRequest.parse(entry.request).agentIds.sort());
}

/** Routing as far as heartbeats go: it saw every agent it was told of. */
const answerHeartbeats = (owners: FakeOwners) =>
  owners.answer(queries.heartbeat, ({ agentIds }) => Promise.resolve({ seen: agentIds.length }));

describe('presence heartbeats of open WebSockets (SPEC W3)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  const tokens = { alice: '', bob: '' };
  const sockets: AgentSocket[] = [];

  const open = async (token: string) => {
    const socket = await AgentSocket.open(service.url, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment, {
      AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS: String(INTERVAL_MS),
    });
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    tokens.alice = await login(service, 'alice');
    tokens.bob = await login(service, 'bob');
  });

  beforeEach(() => answerHeartbeats(owners));

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
    await owners.silence();
  });

  afterAll(async () => {
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  it('reports every agent with a socket open here within the interval, and again each interval', async () => {
    await Promise.all([open(tokens.alice), open(tokens.bob)]);
    owners.asked.splice(0);
    const started = Date.now();
    await eventually(() => expect(heartbeats(owners)).toContainEqual([ALICE.id, BOB.id].sort()));
    // Within the interval, with room for a loaded test machine.
    expect(Date.now() - started).toBeLessThan(INTERVAL_MS * 5);
    await eventually(() =>
      expect(heartbeats(owners).filter((ids) => ids.length === 2).length).toBeGreaterThanOrEqual(3),
    );
  });

  it('reports an agent once however many sockets they have open', async () => {
    await Promise.all([open(tokens.alice), open(tokens.alice)]);
    owners.asked.splice(0);
    await eventually(() => expect(heartbeats(owners).length).toBeGreaterThanOrEqual(2));
    expect(new Set(heartbeats(owners).map((ids) => JSON.stringify(ids)))).toEqual(
      new Set([JSON.stringify([ALICE.id])]),
    );
  });

  it('stops reporting an agent once their socket closed, and sends nothing with no socket open', async () => {
    const [, bob] = await Promise.all([open(tokens.alice), open(tokens.bob)]);
    await eventually(() => expect(heartbeats(owners)).toContainEqual([ALICE.id, BOB.id].sort()));
    await bob.close();
    await eventually(() => expect(heartbeats(owners).at(-1)).toEqual([ALICE.id]));
    owners.asked.splice(0);
    await eventually(() => expect(heartbeats(owners).length).toBeGreaterThanOrEqual(2));
    expect(heartbeats(owners).flat()).not.toContain(BOB.id);

    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
    // A heartbeat already on its way may still land; after that, silence.
    await sleep(INTERVAL_MS * 2);
    owners.asked.splice(0);
    await sleep(INTERVAL_MS * 4);
    expect(heartbeats(owners)).toEqual([]);
  });

  it('keeps trying while routing is down, and reports the agents again once it answers', async () => {
    await open(tokens.alice);
    await owners.silence();
    await sleep(INTERVAL_MS * 3);
    await answerHeartbeats(owners);
    await eventually(() => expect(heartbeats(owners)).toContainEqual([ALICE.id]));
  });
});

describe('presence heartbeats: at once, and POST /me/heartbeat (SPEC W3)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  let token: string;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    // An interval no test waits for: what routing hears comes from the socket opening or the call.
    service = await startGateway(environment, { AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS: '600000' });
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    token = await login(service, 'alice');
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  it('reports an agent at once when their socket opens, without waiting for the interval', async () => {
    await answerHeartbeats(owners);
    const socket = await AgentSocket.open(service.url, token);
    try {
      await eventually(() => expect(heartbeats(owners)).toEqual([[ALICE.id]]), { timeoutMs: 2_000 });
    } finally {
      await socket.close();
    }
  });

  it('POST /me/heartbeat tells routing the agent is here, and answers what routing saw', async () => {
    await answerHeartbeats(owners);
    expect(await call(service, 'POST', '/me/heartbeat', { token })).toEqual({
      status: 200,
      body: { seen: 1 },
    });
    expect(owners.asked).toEqual([{ subject: HEARTBEAT, request: { agentIds: [ALICE.id] } }]);
  });

  it('POST /me/heartbeat is for any authenticated agent: 401 without a token, routing not asked', async () => {
    await answerHeartbeats(owners);
    expect(await call(service, 'POST', '/me/heartbeat')).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    expect(owners.asked).toEqual([]);
  });

  it('POST /me/heartbeat answers 503 DEPENDENCY_UNAVAILABLE while routing is down', async () => {
    expect(await call(service, 'POST', '/me/heartbeat', { token })).toMatchObject({
      status: 503,
      body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'routing' } } },
    });
  });
});
