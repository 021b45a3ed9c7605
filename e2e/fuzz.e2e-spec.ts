// Property-based fuzzing of agent-gateway's agent and admin API, its socket, and the public
// endpoints of the services behind it, against the whole system (docs/fuzzing.md). The
// operations come from the committed OpenAPI document, so a new endpoint is fuzzed without
// editing this file. Whatever arrives: no 5xx, a 4xx the operation documents with a listed
// code, nothing stored for a refusal, and every service still live and ready.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AgentClient,
  type ApiOperation,
  changedTables,
  checkProperty,
  encodeForUrl,
  fc,
  fuzzedRequest,
  hostileBytes,
  hostileString,
  listOperations,
  notServing,
  type OpenApiDocument,
  rowCounts,
  sendFuzzed,
  settledRowCounts,
  undocumentedAnswer,
} from '@threadline/testkit';
import WebSocket from 'ws';
import { type DemoSystem, startDemoSystem } from './support/system';

const OPERATOR_TOKEN = 'operator-token-for-the-fuzz-spec';
/** Runs per operation and per socket property in CI (a fixed seed); `pnpm fuzz` sets FUZZ_RUNS. */
const CI_RUNS = 2;
const START_TIMEOUT_MS = 150_000;
const SCHEMAS = ['agent_gateway', 'sms_gateway', 'profile', 'interaction', 'routing', 'timer'];

const COMMITTED_DOCUMENT = JSON.parse(
  readFileSync(join(__dirname, '..', 'services', 'agent-gateway', 'openapi.json'), 'utf8'),
) as OpenApiDocument;

/**
 * Whose token an operation is fuzzed with: one whose role may call it, so what is exercised
 * is validation and the owners' refusals, not the authorisation check (the authorisation
 * matrix covers that).
 */
function callerOf(operation: ApiOperation): 'operator' | 'admin' | 'maria' | 'alice' | null {
  if (operation.securitySchemes.includes('operator')) return 'operator';
  if (!operation.securitySchemes.includes('agent')) return null;
  if (/^\/(admin|directory)\//.test(operation.path)) return 'admin';
  if (/^\/(supervision|routing|profiles)\//.test(operation.path)) return 'maria';
  return 'alice';
}

describe('fuzzing every public endpoint of the running system (property-based)', () => {
  let demo: DemoSystem;
  const agents = {} as Record<'admin' | 'maria' | 'alice', AgentClient>;
  /** Whether an earlier request was accepted, so the consumers may still be writing its effects. */
  let settling = true;
  let lastCounts: Record<string, number> = {};

  beforeAll(async () => {
    // A loaded CI machine may take longer than spawnService's default to start seven processes.
    demo = await startDemoSystem({ env: { OPERATOR_TOKEN }, startTimeoutMs: START_TIMEOUT_MS });
    for (const name of ['admin', 'maria', 'alice'] as const) agents[name] = await demo.login(name);
  }, START_TIMEOUT_MS * 2);

  afterAll(async () => {
    await demo?.stop();
  });

  const query = async (sql: string, parameters?: unknown[]): Promise<unknown> =>
    (await demo.db.query<Record<string, unknown>>(sql, parameters)).rows;
  const counts = () => rowCounts(query, SCHEMAS);

  /** Row counts before a case: judged on a still database when an accepted request came before. */
  async function countsBefore(): Promise<Record<string, number>> {
    if (!settling) return lastCounts;
    settling = false;
    lastCounts = await settledRowCounts(query, SCHEMAS, { pauseMs: 50 });
    return lastCounts;
  }

  /** Sends a fuzzed request and holds the answer to the rules; `refused` tells whether it was a 4xx. */
  async function fuzzOne(
    baseUrl: string,
    document: OpenApiDocument,
    operation: ApiOperation,
    request: Parameters<typeof sendFuzzed>[1],
    headers: Record<string, string>,
  ) {
    const before = await countsBefore();
    const answer = await sendFuzzed(baseUrl, request, headers);
    expect(undocumentedAnswer(document, operation, answer)).toBeUndefined();
    if (answer.status >= 400) {
      const after = await counts();
      expect(changedTables(before, after)).toEqual({});
      lastCounts = after;
    } else {
      settling = true;
    }
  }

  function tokenHeader(operation: ApiOperation): Record<string, string> {
    const caller = callerOf(operation);
    if (caller === null) return {};
    const token = caller === 'operator' ? OPERATOR_TOKEN : agents[caller].token;
    return { authorization: `Bearer ${token}` };
  }

  describe("agent-gateway's operations, from the committed OpenAPI document", () => {
    const operations = listOperations(COMMITTED_DOCUMENT);

    it('has operations to fuzz, the agent and admin API among them', () => {
      expect(operations.length).toBeGreaterThan(40);
      expect(operations.map((operation) => callerOf(operation))).toEqual(
        expect.arrayContaining(['admin', 'maria', 'alice', 'operator', null]),
      );
    });

    for (const operation of operations) {
      it(operation.name, async () => {
        await checkProperty(
          `agent-gateway ${operation.name}`,
          fc.asyncProperty(fuzzedRequest(COMMITTED_DOCUMENT, operation), (request) =>
            fuzzOne(
              demo.urls['agent-gateway'],
              COMMITTED_DOCUMENT,
              operation,
              request,
              tokenHeader(operation),
            ),
          ),
          CI_RUNS,
        );
        expect(await notServing(demo.urls['agent-gateway'])).toBeUndefined();
      });
    }
  });

  describe("the other services' public endpoints (health, metrics, operations), from the documents they serve", () => {
    for (const service of ['profile', 'interaction', 'routing', 'timer'] as const) {
      it(service, async () => {
        const baseUrl = demo.urls[service];
        const document = (await (await fetch(`${baseUrl}/docs/openapi.json`)).json()) as OpenApiDocument;
        const operations = listOperations(document);
        expect(operations.map((operation) => operation.name)).toEqual(
          expect.arrayContaining(['GET /healthz', 'GET /readyz', 'GET /metrics']),
        );
        for (const operation of operations) {
          await checkProperty(
            `${service} ${operation.name}`,
            fc.asyncProperty(fuzzedRequest(document, operation), (request) =>
              fuzzOne(baseUrl, document, operation, request, tokenHeader(operation)),
            ),
            CI_RUNS,
          );
        }
        expect(await notServing(baseUrl)).toBeUndefined();
      });
    }
  });

  describe("agent-gateway's WebSocket", () => {
    const socketUrl = (token: string) =>
      `${demo.urls['agent-gateway'].replace(/^http/, 'ws')}/ws?access_token=${encodeForUrl(token).slice(0, 2000)}`;

    /** A socket of alice's that has said `ready`, with the code it was closed with once it is. */
    async function openSocket(): Promise<{ socket: WebSocket; closedWith: () => number | undefined }> {
      const socket = new WebSocket(socketUrl(agents.alice.token));
      let code: number | undefined;
      socket.once('close', (closeCode) => (code = closeCode));
      await new Promise<void>((resolve, reject) => {
        socket.once('message', () => resolve());
        socket.once('error', reject);
      });
      return { socket, closedWith: () => code };
    }

    /**
     * After the frames: the socket still answers a ping, or the gateway closed it with a code
     * that says why (unsupported data, policy, too big), never an internal error or a dropped line.
     */
    function outcome(
      open: Awaited<ReturnType<typeof openSocket>>,
    ): Promise<{ pong: true } | { closed: number }> {
      return new Promise((resolve) => {
        const closed = open.closedWith();
        if (closed !== undefined) return resolve({ closed });
        open.socket.once('pong', () => resolve({ pong: true }));
        open.socket.once('close', (code) => resolve({ closed: code }));
        open.socket.ping();
      });
    }

    const frame = fc.oneof(
      hostileString({ maxLength: 200 }).map((text) => ({ data: text, binary: false })),
      fc
        .record({
          type: fc.oneof(
            fc.constantFrom('ping', 'ready', 'subscribe', 'offer.accept', 'message'),
            hostileString(),
          ),
          data: fc.jsonValue({ maxDepth: 2 }),
        })
        .map((message) => ({ data: JSON.stringify(message), binary: false })),
      fc
        .constantFrom('{', '{"type":', 'null', '[]', '"\\uD800"')
        .map((text) => ({ data: text, binary: false })),
      hostileBytes().map((bytes) => ({ data: bytes, binary: true })),
      fc.constant({ data: Buffer.alloc(2 * 1024 * 1024, 0x61), binary: true }),
      fc.constant({ data: 'x'.repeat(2 * 1024 * 1024), binary: false }),
    );

    it('random frames (text, binary, oversized, not JSON, unknown types): no crash, an answer or a reasoned close', async () => {
      // One socket while it stays open: opening one tells routing alice is present, which is
      // stored, so a new one is judged on a database that has settled again.
      let open = await openSocket();
      settling = true;
      await checkProperty(
        'agent-gateway socket frames',
        fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 4 }), async (frames) => {
          if (open.closedWith() !== undefined) {
            open = await openSocket();
            settling = true;
          }
          const before = await countsBefore();
          for (const one of frames)
            if (open.closedWith() === undefined) open.socket.send(one.data, { binary: one.binary });
          const result = await outcome(open);
          if ('closed' in result) expect([1003, 1007, 1008, 1009]).toContain(result.closed);
          expect(changedTables(before, await counts())).toEqual({});
        }),
        CI_RUNS * 2,
      );
      expect(await notServing(demo.urls['agent-gateway'])).toBeUndefined();
      open.socket.terminate();
      // And a new socket still opens and is told it is ready.
      (await openSocket()).socket.terminate();
    });

    it('upgrades with random tokens: refused in the error shape with a documented 401 code', async () => {
      const documented = ['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED'];
      await checkProperty(
        'agent-gateway socket upgrade',
        fc.asyncProperty(
          fc.oneof(hostileString({ maxLength: 300 }), fc.constant(`${agents.alice.token}x`)),
          async (token) => {
            const refusal = await new Promise<{ status: number; body: string }>((resolve, reject) => {
              const socket = new WebSocket(socketUrl(token));
              socket.once('open', () =>
                reject(new Error(`a socket opened with the token ${JSON.stringify(token)}`)),
              );
              socket.once('error', () => undefined);
              socket.once('unexpected-response', (_request, response) => {
                let body = '';
                response.on('data', (chunk: Buffer) => (body += chunk.toString()));
                response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
              });
            });
            expect(refusal.status).toBe(401);
            expect(documented).toContain(
              (JSON.parse(refusal.body) as { error: { code: string } }).error.code,
            );
          },
        ),
        CI_RUNS * 2,
      );
      expect(await notServing(demo.urls['agent-gateway'])).toBeUndefined();
    });
  });
});
