import { Body, Controller, HttpCode, Module, Post, Req } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { liftBodyTimeout, platformConfigSchema, runService, type RunningService } from '../src';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '../src/testing';
import { silentLogger } from './harness';

@Controller()
class EchoController {
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown): unknown {
    return body;
  }

  /** Reads its own raw body after lifting the deadline, as a large-upload route does. */
  @Post('upload')
  @HttpCode(200)
  async upload(@Req() request: IncomingMessage): Promise<{ bytes: number }> {
    liftBodyTimeout(request);
    let bytes = 0;
    for await (const chunk of request) bytes += (chunk as Buffer).length;
    return { bytes };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

/** The limits under test, short so the test is quick; the request limit allows the slow upload. */
const HEADERS_MS = 600;
const BODY_MS = 600;
const REQUEST_MS = 4_000;

interface RawAnswer {
  /** Everything the server wrote before it closed the connection. */
  text: string;
  status: number | null;
}

/**
 * A raw TCP client that writes `parts` one after another, `gapMs` apart, and then waits; resolves
 * with what the server sent once the server closes the connection.
 */
function trickle(port: number, parts: string[], gapMs: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let next = 0;
    const timer = setInterval(() => {
      const part = parts[next++];
      if (part === undefined || socket.destroyed) {
        clearInterval(timer);
        return;
      }
      socket.write(part);
    }, gapMs);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', (error) => {
      // The server may reset a connection it cut off while we still write: that is a close.
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    socket.on('close', () => {
      clearInterval(timer);
      const text = Buffer.concat(received).toString('utf8');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ text, status: match ? Number(match[1]) : null });
    });
  });
}

function bodyOf(answer: RawAnswer): unknown {
  return JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4));
}

describe('slow clients: header, body and request timeouts on every service', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await runService(
      {
        name: 'echo',
        schema: 'echo',
        configSchema: platformConfigSchema,
        streams: [],
        migrations: [],
        imports: [EchoModule],
        openApi: { title: 'Echo', description: 'A service that exists only in this test' },
      },
      {
        env: {
          ...environment.env,
          HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
          HTTP_BODY_TIMEOUT_MS: String(BODY_MS),
          HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
        },
        logger: silentLogger,
        defaultMetrics: false,
      },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
  });

  it('sets the limits on the server, checked often enough to keep them', () => {
    const server = service.app.getHttpServer() as Record<string, unknown>;
    expect(server).toMatchObject({
      headersTimeout: HEADERS_MS,
      requestTimeout: REQUEST_MS,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 100,
    });
  });

  it('answers an honest request as before', async () => {
    const answer = await fetch(`${service.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ hello: 'world' });
  });

  it('cuts off a client that sends its headers a byte at a time, with 408', async () => {
    const request = 'GET /healthz HTTP/1.1\r\nHost: echo\r\nX-Slow: ' + 'a'.repeat(40) + '\r\n\r\n';
    // 100 ms a byte: the headers would take several seconds, far past the limit.
    const answer = await trickle(service.port, [...request], 100);
    expect(answer.status).toBe(408);
  });

  it('cuts off a client that never finishes its body, with 408 REQUEST_TIMEOUT', async () => {
    const answer = await trickle(
      service.port,
      [
        'POST /echo HTTP/1.1\r\nHost: echo\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
        '{"text": "',
      ],
      10,
    );
    expect(answer.status).toBe(408);
    expect(bodyOf(answer)).toEqual({
      error: { code: 'REQUEST_TIMEOUT', message: `the request body did not arrive within ${BODY_MS} ms` },
    });
  });

  it('cuts off a body trickled a byte at a time, although bytes keep coming', async () => {
    const head =
      'POST /echo HTTP/1.1\r\nHost: echo\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n';
    const answer = await trickle(service.port, [head, ...('{"text": "' + 'x'.repeat(47) + '"}')], 50);
    expect(answer.status).toBe(408);
    expect(bodyOf(answer)).toMatchObject({ error: { code: 'REQUEST_TIMEOUT' } });
  });

  it('lets a route that lifted the deadline take its body slowly, up to the request limit', async () => {
    const head =
      'POST /upload HTTP/1.1\r\nHost: echo\r\nContent-Type: application/octet-stream\r\nContent-Length: 20\r\nConnection: close\r\n\r\n';
    // 20 bytes over about 2 s: past the body limit, within the request limit.
    const answer = await trickle(service.port, [head, ...'z'.repeat(20)], 100);
    expect(answer.status).toBe(200);
    expect(bodyOf(answer)).toEqual({ bytes: 20 });
  });

  it('still cuts off a lifted upload at the request limit', async () => {
    const head =
      'POST /upload HTTP/1.1\r\nHost: echo\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n';
    // 100 bytes at 100 ms each would take 10 s; the request limit is 4 s.
    const answer = await trickle(service.port, [head, ...'z'.repeat(100)], 100);
    expect(answer.status).toBe(408);
  });
});
