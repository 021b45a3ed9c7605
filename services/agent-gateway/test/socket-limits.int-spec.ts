import { once } from 'node:events';
import type { RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { WebSocket } from 'ws';
import { MAX_INCOMING_MESSAGE_BYTES, TOO_MANY_SOCKETS_CLOSE_CODE } from '../src/infra/push/agent-sockets';
import { login, seedAgents, startGateway } from './support/gateway';
import { AgentSocket, upgradeStatus } from './support/sockets';

const MAX_SOCKETS = 2;

/** Resolves with the close code once the server closes `socket`. */
async function closeCode(socket: WebSocket): Promise<number> {
  const [code] = (await once(socket, 'close')) as [number];
  return code;
}

describe('socket limits on /ws', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let aliceToken: string;
  const opened: AgentSocket[] = [];

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment, { AGENT_MAX_SOCKETS: String(MAX_SOCKETS) });
    await seedAgents(service);
    aliceToken = await login(service, 'alice');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((socket) => socket.close()));
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
  });

  const open = async (token: string) => {
    const socket = await AgentSocket.open(service.url, token);
    opened.push(socket);
    return socket;
  };
  const query = (token: string) => `?access_token=${encodeURIComponent(token)}`;

  it('refuses an agent’s socket past the limit at the upgrade with 429 TOO_MANY_SOCKETS', async () => {
    await open(aliceToken);
    await open(aliceToken);
    const refused = await upgradeStatus(service.url, { query: query(aliceToken) });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({
      error: {
        code: 'TOO_MANY_SOCKETS',
        message: `at most ${MAX_SOCKETS} sockets per agent on one gateway; close another tab or device`,
        details: { limit: MAX_SOCKETS },
      },
    });
    // The limit is per agent: another agent still connects.
    const bobToken = await login(service, 'bob');
    expect((await upgradeStatus(service.url, { query: query(bobToken) })).status).toBe(101);
  });

  it('lets the agent connect again once one of their sockets closed', async () => {
    const first = await open(aliceToken);
    await open(aliceToken);
    await first.close();
    const status = await eventually(async () => {
      const answer = await upgradeStatus(service.url, { query: query(aliceToken) });
      if (answer.status !== 101) throw new Error(`still ${answer.status}`);
      return answer.status;
    });
    expect(status).toBe(101);
  });

  it('keeps to the limit when many sockets open at once', async () => {
    const url = `${service.url.replace(/^http/, 'ws')}/ws${query(aliceToken)}`;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => {
        const socket = new WebSocket(url);
        return new Promise<{ outcome: 'open' | 'refused' | 'closed'; socket: WebSocket; code?: number }>(
          (resolve) => {
            socket.once('unexpected-response', (_request, response) => {
              expect(response.statusCode).toBe(429);
              resolve({ outcome: 'refused', socket });
            });
            socket.on('message', () => resolve({ outcome: 'open', socket }));
            socket.once('close', (code: number) => resolve({ outcome: 'closed', socket, code }));
            socket.once('error', () => undefined);
          },
        );
      }),
    );
    const open = outcomes.filter((entry) => entry.outcome === 'open');
    // An open socket may yet be closed by the limit right after its `ready`: wait for the dust.
    const stillOpen = await eventually(() => {
      const remaining = open.filter((entry) => entry.socket.readyState === WebSocket.OPEN);
      expect(remaining.length).toBeLessThanOrEqual(MAX_SOCKETS);
      return remaining;
    });
    expect(stillOpen.length).toBe(MAX_SOCKETS);
    for (const entry of outcomes.filter((candidate) => candidate.outcome === 'closed'))
      expect(entry.code).toBe(TOO_MANY_SOCKETS_CLOSE_CODE);
    for (const entry of outcomes) entry.socket.terminate();
  });

  it('takes a message up to the size limit and closes the socket with 1009 on a larger one', async () => {
    const client = await open(aliceToken);
    client.socket.send('x'.repeat(MAX_INCOMING_MESSAGE_BYTES));
    // Still open: it answers a ping sent after the largest allowed message.
    client.socket.ping();
    await once(client.socket, 'pong');
    const closed = closeCode(client.socket);
    client.socket.send('x'.repeat(MAX_INCOMING_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
  });
});
