// Issue 15, item 3: the authorisation matrix (support/authorisation-matrix.ts) against the running
// system. Every row is tried with every caller; a route a service serves without a row fails.
import { signMediaKey } from '@threadline/platform';
import { type AgentClient, eventually, SERVICE_NAMES, type ServiceName } from '@threadline/testkit';
import jwt from 'jsonwebtoken';
import { getExpectedTwilioSignature } from 'twilio';
import WebSocket from 'ws';
import type { ConversationDetail, ErrorBody, List, Offer } from './support/agent-api';
import {
  type Expected,
  type Fixtures,
  HTTP_MATRIX,
  type HttpRow,
  PASS_THROUGH_MIDDLEWARE,
  PRINCIPALS,
  type Principal,
  type RequestSpec,
  SOCKET_MATRIX,
  SOCKET_PATH,
  SOCKET_UPGRADE_HANDLERS,
} from './support/authorisation-matrix';
import { SIMULATOR_AUTH_TOKEN, SUPPORT } from './support/demo';
import { type DemoSystem, JWT_SECRET, startDemoSystem } from './support/system';

const OPERATOR_TOKEN = 'operator-token-of-the-authorisation-matrix';
const MEDIA_URL_SECRET = 'media-url-secret-of-the-authorisation-matrix';

interface ServedRoutes {
  routes: Array<{ method: string; path: string }>;
  mounts: Array<{ path: string; handler: string }>;
  middleware: string[];
  upgradeHandlers: string[];
}

interface Answer {
  status: number;
  code?: string;
}

/** What a request got, in the table's terms: the status, and the error code of a refusal. */
async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  if (response.status < 400) return { status: response.status };
  try {
    return { status: response.status, code: (JSON.parse(text) as ErrorBody).error.code };
  } catch {
    return { status: response.status, code: `(not the error shape: ${text.slice(0, 80)})` };
  }
}

/** Runs `work` on every item, at most `size` at once. */
async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}

function sameAnswer(got: Answer, expected: Expected): boolean {
  return got.status === expected.status && got.code === expected.code;
}

describe('the authorisation matrix: every route and socket action × every caller (issue 15, item 3)', () => {
  let demo: DemoSystem;
  const agents = {} as Record<'agent' | 'otherAgent' | 'manager' | 'admin', AgentClient>;
  const tokens = {} as Record<Principal, string | undefined>;
  let fixtures: Fixtures;
  /** The requester's phone of fixtures.conversation. */
  let requesterPhone: string;

  beforeAll(async () => {
    demo = await startDemoSystem({
      env: { OPERATOR_TOKEN },
      startTimeoutMs: 240_000,
      envOf: {
        'agent-gateway': { AUTH_JWT_SECRET: JWT_SECRET },
        'sms-gateway': { MEDIA_URL_SECRET },
        // alice holds every fixture conversation at once.
        routing: { ROUTING_DEFAULT_CAPACITY: '40' },
      },
    });
    [agents.agent, agents.otherAgent, agents.manager, agents.admin] = await Promise.all([
      demo.loginAvailable('alice'),
      demo.login('bob'),
      demo.login('maria'),
      demo.login('admin'),
    ]);
    // Their sockets are open too, so that a push reaching the wrong one would be seen.
    await Promise.all([agents.otherAgent.connect(), agents.manager.connect(), agents.admin.connect()]);
    const now = Math.floor(Date.now() / 1000);
    Object.assign(tokens, {
      none: undefined,
      // As access-tokens.ts makes them, with the configured secret, an hour past its expiry.
      expired: jwt.sign(
        { sub: agents.agent.agentId, role: 'agent', iat: now - 7_200, exp: now - 3_600 },
        JWT_SECRET,
        { algorithm: 'HS256' },
      ),
      operator: OPERATOR_TOKEN,
      otherAgent: agents.otherAgent.token,
      manager: agents.manager.token,
      admin: agents.admin.token,
      agent: agents.agent.token,
    });
    fixtures = await createFixtures();
  }, 600_000);

  afterAll(() => demo?.stop());

  /** Fifteen conversations texted to Support and offered to alice; she accepts thirteen. */
  async function createFixtures(): Promise<Fixtures> {
    const phones = Array.from({ length: 15 }, (_, i) => `+1555741${String(i).padStart(4, '0')}`);
    await Promise.all(phones.map((phone, i) => demo.simulator.sendSms(phone, SUPPORT, `Matrix ${i}`)));
    const alice = agents.agent;
    const offers = await eventually(
      async () => {
        const inbox = await alice.expect<List<Offer>>(200, 'GET', '/inbox/offers');
        const mine = inbox.items.filter((offer) => phones.includes(offer.requesterAddress ?? ''));
        if (mine.length < phones.length) throw new Error(`${mine.length} of ${phones.length} offers so far`);
        return phones.map((phone) => mine.find((offer) => offer.requesterAddress === phone)!);
      },
      { timeoutMs: 60_000 },
    );
    const [toAccept, toReject, ...accepted] = offers as [Offer, Offer, ...Offer[]];
    // One after another: a burst of accepts on a loaded machine outlasts routing's query timeout.
    for (const offer of accepted) await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);
    const ids = accepted.map((offer) => offer.interactionId);
    const trio = (first: number) => ({
      agent: ids[first]!,
      manager: ids[first + 1]!,
      admin: ids[first + 2]!,
    });
    const toResume = trio(10);
    for (const id of Object.values(toResume)) await alice.expect(200, 'POST', `/interactions/${id}/hold`);
    const conversation = ids[0]!;
    requesterPhone = accepted[0]!.requesterAddress!;
    const profileId = await eventually(async () => {
      const detail = await alice.expect<ConversationDetail>(200, 'GET', `/interactions/${conversation}`);
      if (!detail.interaction.profileId) throw new Error('the conversation has no profile yet');
      return detail.interaction.profileId;
    });
    const { queues } = await agents.admin.expect<{ queues: Array<{ id: string }> }>(
      200,
      'GET',
      '/admin/queues',
    );
    return {
      conversation,
      profileId,
      toEnd: trio(1),
      toHold: trio(4),
      toTransfer: trio(7),
      toResume,
      offerToAccept: toAccept.workItemId,
      offerToReject: toReject.workItemId,
      queueId: queues[0]!.id,
      freshPhone: Object.fromEntries(
        PRINCIPALS.map((caller, i) => [caller, `+1555742${String(i).padStart(4, '0')}`]),
      ) as Record<Principal, string>,
    };
  }

  /** The answer, or the transport's failure as a status 0 (a closed connection is an answer too). */
  async function tryRequest(
    row: HttpRow,
    spec: RequestSpec,
    headers: Record<string, string>,
  ): Promise<Answer> {
    try {
      return await answerOf(await send(row, spec, headers));
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? String(error);
      return { status: 0, code: `no answer: ${cause}` };
    }
  }

  function send(row: HttpRow, spec: RequestSpec, headers: Record<string, string>): Promise<Response> {
    const method = row.method === 'MOUNT' ? (row.tryWith ?? 'GET') : row.method;
    const body = spec.raw ? spec.raw.bytes : spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const contentType = spec.raw?.contentType ?? (spec.body === undefined ? undefined : 'application/json');
    return fetch(`${demo.urls[row.service]}${spec.path}`, {
      method,
      redirect: 'manual',
      headers: { ...(contentType && { 'content-type': contentType }), ...spec.headers, ...headers },
      body,
    });
  }

  function specOf(row: HttpRow, caller: Principal): RequestSpec {
    return row.request ? row.request(fixtures, caller) : { path: row.route };
  }

  it('every route, mount, middleware and socket handler a service serves has its row, and every row its route', async () => {
    const unlisted: string[] = [];
    const unserved: string[] = [];
    await Promise.all(
      SERVICE_NAMES.map(async (service: ServiceName) => {
        const response = await fetch(`${demo.urls[service]}/ops/routes`, {
          headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
        });
        expect(response.status).toBe(200);
        const served = (await response.json()) as ServedRoutes;
        const rows = HTTP_MATRIX.filter((row) => row.service === service);
        const key = (method: string, path: string) => `${service} ${method} ${path}`;
        const declared = new Set(rows.map((row) => key(row.method, row.route)));
        const live = new Set([
          ...served.routes.map((route) => key(route.method, route.path)),
          ...served.mounts.map((mount) => key('MOUNT', mount.path)),
        ]);
        for (const route of live) if (!declared.has(route)) unlisted.push(route);
        for (const row of declared) if (!live.has(row)) unserved.push(row);
        for (const name of served.middleware) {
          if (!PASS_THROUGH_MIDDLEWARE[service].includes(name))
            unlisted.push(`${service} middleware ${name}`);
        }
        expect({ service, upgrade: served.upgradeHandlers }).toEqual({
          service,
          upgrade: SOCKET_UPGRADE_HANDLERS[service],
        });
      }),
    );
    expect({ unlisted, unserved }).toEqual({ unlisted: [], unserved: [] });
  });

  it('answers every caller of every HTTP route as the table says', async () => {
    const wrong: string[] = [];
    // Rows at once; within a row the callers one after another, in PRINCIPALS' order, so that
    // alice (last) accepts her offer only after the others were refused it.
    // A few rows at a time: hundreds of requests at once on a loaded machine exhaust the
    // services' pools and connections, and a 500 or a reset says nothing about authorisation.
    await inBatches(HTTP_MATRIX, 8, async (row) => {
      for (const caller of PRINCIPALS) {
        const token = tokens[caller];
        const got = await tryRequest(
          row,
          specOf(row, caller),
          token ? { authorization: `Bearer ${token}` } : {},
        );
        const expected = row.expect[caller];
        if (!sameAnswer(got, expected)) {
          wrong.push(
            `${row.service} ${row.method} ${row.route} as ${caller}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`,
          );
        }
      }
    });
    expect(wrong).toEqual([]);
  });

  it('lets a request signed by the provider (or a media URL we signed) past the signature check, whoever else it claims to be', async () => {
    const signedRows = HTTP_MATRIX.filter((row) => row.signed);
    expect(signedRows.map((row) => `${row.method} ${row.route}`).sort()).toEqual([
      'GET /media/*key',
      'POST /webhooks/twilio/sms',
      'POST /webhooks/twilio/status',
    ]);
    const wrong: string[] = [];
    for (const row of signedRows) {
      let spec = specOf(row, 'none');
      const headers: Record<string, string> = {};
      if (row.route === '/media/*key') {
        const key = spec.path.replace(/^\/media\//, '');
        const expires = Math.floor(Date.now() / 1000) + 600;
        const signature = signMediaKey(key, expires, MEDIA_URL_SECRET);
        spec = { ...spec, path: `${spec.path}?expires=${expires}&signature=${signature}` };
      } else {
        const url = `${demo.urls['sms-gateway']}${spec.path}`;
        headers['x-twilio-signature'] = getExpectedTwilioSignature(SIMULATOR_AUTH_TOKEN, url, {});
      }
      // An agent's token alongside changes nothing: the signature is the credential.
      for (const caller of ['none', 'admin'] as const) {
        const token = tokens[caller];
        const got = await tryRequest(row, spec, {
          ...headers,
          ...(token && { authorization: `Bearer ${token}` }),
        });
        if (!sameAnswer(got, row.signed!)) {
          wrong.push(
            `${row.method} ${row.route} signed, as ${caller}: expected ${JSON.stringify(row.signed)}, got ${JSON.stringify(got)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  /** Opens /ws with `token`; the refusal's status and code, or the open socket. */
  function openSocket(
    token: string | undefined,
    path = SOCKET_PATH,
  ): Promise<{ refused: Answer } | { socket: WebSocket; events: string[] }> {
    const base = demo.urls['agent-gateway'].replace(/^http/, 'ws');
    const socket = new WebSocket(
      `${base}${path}`,
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );
    const events: string[] = [];
    // The gateway sends text frames, one JSON event each.
    socket.on('message', (raw: Buffer) =>
      events.push((JSON.parse(raw.toString('utf8')) as { type: string }).type),
    );
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            refused: { status: response.statusCode ?? 0, code: (JSON.parse(text) as ErrorBody).error.code },
          });
        });
      });
      socket.once('open', () => resolve({ socket, events }));
    });
  }

  it('opens the socket for agents only, ignores what they send on it, and upgrades no other path', async () => {
    const wrong: string[] = [];
    // The table's connect row: a refusal for some callers, 'open' for the others.
    const connect = SOCKET_MATRIX[0]!.expect;
    const refusals: Partial<Record<Principal, Expected>> = Object.fromEntries(
      PRINCIPALS.flatMap((caller) => {
        const cell = connect[caller];
        return typeof cell === 'object' ? [[caller, cell]] : [];
      }),
    );
    for (const caller of PRINCIPALS) {
      const opened = await openSocket(tokens[caller]);
      if ('refused' in opened) {
        const refusal = refusals[caller];
        if (!refusal || !sameAnswer(opened.refused, refusal)) {
          wrong.push(`${caller}: refused ${JSON.stringify(opened.refused)}`);
        }
        continue;
      }
      if (refusals[caller]) wrong.push(`${caller}: the socket opened`);
      const { socket, events } = opened;
      await eventually(() => expect(events).toContain('ready'));
      // Whatever the client sends is not an action: no answer, and the socket stays open. The
      // pong answers a ping sent after it, so anything the server said to it would come first.
      socket.send(JSON.stringify({ type: 'offer.accept', data: { workItemId: fixtures.offerToAccept } }));
      socket.send('not json at all');
      await new Promise<void>((resolve) => {
        socket.once('pong', () => resolve());
        socket.ping();
      });
      if (socket.readyState !== WebSocket.OPEN) wrong.push(`${caller}: the socket closed after a message`);
      if (events.some((type) => type !== 'ready')) wrong.push(`${caller}: answered ${events.join(', ')}`);
      socket.close();
    }
    const elsewhere = await openSocket(tokens.agent, '/socket');
    expect(elsewhere).toEqual({ refused: { status: 404, code: 'NOT_FOUND' } });
    expect(wrong).toEqual([]);
  });

  it('pushes a conversation’s events to its assignee only, not to other agents, managers or admins', async () => {
    // The matrix ran (jest runs a file's tests in order): alice replied in her conversation, and
    // its requester now texts again.
    const { conversation } = fixtures;
    await demo.simulator.sendSms(requesterPhone, SUPPORT, 'Are you still there?');
    await agents.agent.waitForEvent(
      'message.appended',
      (data) =>
        data.interactionId === conversation &&
        (data.message as { body?: string }).body === 'Are you still there?',
    );
    await agents.agent.waitForEvent('message.status-changed', (data) => data.interactionId === conversation);
    const aliceOnly = new Set([
      fixtures.conversation,
      ...Object.values(fixtures.toHold),
      ...Object.values(fixtures.toResume),
    ]);
    for (const other of ['otherAgent', 'manager', 'admin'] as const) {
      const leaked = agents[other].events.filter((event) => aliceOnly.has(String(event.data.interactionId)));
      expect({ other, leaked }).toEqual({ other, leaked: [] });
    }
  });
});
