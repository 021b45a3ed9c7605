import type { RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import { setTimeout as sleep } from 'node:timers/promises';
import { login, seedAgents, startGateway } from './support/gateway';

/** A body deadline far shorter than the trickled uploads below take; the request limit above them. */
const BODY_MS = 300;

/** A request body that arrives in `parts`, `gapMs` apart: a slow link, or a slow client. */
function trickled(parts: string[], gapMs: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const part = parts.shift();
      if (part === undefined) {
        controller.close();
        return;
      }
      await sleep(gapMs);
      controller.enqueue(new TextEncoder().encode(part));
    },
  });
}

async function post(
  url: string,
  headers: Record<string, string>,
  body: ReadableStream<Uint8Array>,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers, body, duplex: 'half' });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('large uploads are not slow clients', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment, {
      HTTP_HEADERS_TIMEOUT_MS: String(BODY_MS),
      HTTP_BODY_TIMEOUT_MS: String(BODY_MS),
      HTTP_REQUEST_TIMEOUT_MS: '20000',
    });
    await seedAgents(service);
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
  });

  it('reads an admin’s directory file to its end although it takes longer than the body deadline', async () => {
    const token = await login(service, 'admin');
    // About 1.5 s for the file: five times the body deadline. The file is read whole and judged
    // (its header lacks `name`), where a cut-off upload would have been answered 408.
    const file = ['external_id,', 'email\n', 'E1,', 'a@example', '.com\n'];
    const answer = await post(
      `${service.url}/directory/imports?fileName=slow.csv`,
      { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      trickled(file, 300),
    );
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'IMPORT_HEADER_INVALID' } } });
  });

  it('cuts off an ordinary request whose body takes as long, with 408 REQUEST_TIMEOUT', async () => {
    const answer = await post(
      `${service.url}/auth/login`,
      { 'content-type': 'application/json' },
      trickled(['{"username": ', '"alice", ', '"password": ', '"threadline-demo"', '}'], 300),
    ).catch((error: unknown) => ({ status: 0, body: String(error) }));
    expect(answer).toMatchObject({ status: 408, body: { error: { code: 'REQUEST_TIMEOUT' } } });
  });
});
