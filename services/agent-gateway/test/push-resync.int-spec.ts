import type { RunningService } from '@threadline/platform';
import {
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
  TcpGate,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { AgentEventBus } from '../src/infra/push/agent-event-bus';
import { conversationCreated, inboundMessage, offerCreated } from './support/events';
import { ALICE, call, handled, login, publish, seedAgents, startGateway } from './support/gateway';
import { AgentSocket } from './support/sockets';

interface ReadyBody {
  status?: string;
  degraded?: string[];
  checks?: Record<string, { ok: boolean; required: boolean }>;
}

const isResync = (reason: string) => (data: unknown) => (data as { reason?: string }).reason === reason;

/**
 * Pushes fan out through Redis. Replica A reaches Redis through a gate the test shuts, as if
 * Redis went down for it; replica B reaches it directly. A socket that may have missed
 * pushes must be told to resync, and the API it reloads from must hold everything.
 */
describe('agent-gateway: socket pushes while Redis is unreachable', () => {
  let environment: IsolatedEnvironment;
  let redis: TcpGate;
  let replicaA: RunningService;
  let replicaB: RunningService;
  let token: string;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    redis = await TcpGate.to(environment.servers.redisUrl);
    replicaA = await startGateway(environment, { REDIS_URL: redis.urlFor(environment.servers.redisUrl) });
    replicaB = await startGateway(environment);
    await seedAgents(replicaA);
    token = await login(replicaA, 'alice');
  });

  afterEach(async () => {
    await redis.restore();
  });

  afterAll(async () => {
    await replicaA?.stop();
    await replicaB?.stop();
    await redis?.close();
    await environment?.dispose();
  });

  it('tells the socket to resync once Redis is back, and the Inbox it reloads has what was missed', async () => {
    await replicaB.stop();
    const socket = await AgentSocket.open(replicaA.url, token);
    await redis.cut();

    // The REST API still serves: Redis is reported, not required.
    const ready = await fetch(`${replicaA.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as ReadyBody;
    expect(body).toMatchObject({ status: 'degraded', degraded: ['redis'] });
    expect(body.checks?.redis).toMatchObject({ ok: false, required: false });

    const interactionId = uuidv7();
    const offer = offerCreated(interactionId, ALICE.id);
    const events = [
      conversationCreated(interactionId),
      inboundMessage(interactionId, 'Sent while Redis was down', new Date(), 1),
      offer,
    ];
    for (const event of events) await publish(replicaA, event);
    await eventually(
      async () =>
        expect(
          await handled(
            replicaA,
            events.map((e) => e.id),
          ),
        ).toBe(true),
      {
        timeoutMs: 15_000,
      },
    );
    expect(socket.received('offer.created')).toEqual([]);

    await redis.restore();
    await socket.next('resync');
    const inbox = await call(replicaA, 'GET', '/inbox/offers', { token });
    expect(inbox.body).toMatchObject({
      items: [
        { workItemId: offer.data.workItemId, interactionId, firstMessage: 'Sent while Redis was down' },
      ],
    });
    await socket.close();
  });

  it("tells the agent's sockets on other replicas to resync when a publish failed", async () => {
    replicaB = await startGateway(environment);
    const onB = await AgentSocket.open(replicaB.url, token);
    await redis.cut();

    // Replica A projected something for alice and cannot fan the push out.
    const bus = replicaA.app.get(AgentEventBus);
    const withdrawn = { workItemId: uuidv7(), interactionId: uuidv7() };
    await bus.publish([
      {
        agentIds: [ALICE.id],
        event: { type: 'offer.withdrawn', data: withdrawn, at: new Date().toISOString() },
      },
    ]);
    await redis.restore();

    // B's own subscription never dropped: only A's resync can tell its socket.
    await eventually(() => onB.next('resync', isResync('push-lost')), { timeoutMs: 20_000 });
    expect(onB.received('resync', isResync('bus-reconnected'))).toEqual([]);
    await onB.close();
  });
});
