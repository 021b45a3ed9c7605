import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import { startGateway } from './support/gateway';

const INDEX = '<!doctype html><title>Threadline</title><div id="root"></div>';
const SCRIPT = 'console.log("the app");';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET sent as written: fetch would resolve `..` and percent-escapes before sending. */
function rawGet(service: RunningService, path: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${service.url}/`, { path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

describe('the agent workspace served at /app/', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'threadline-web-'));
    const dir = join(root, 'dist');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
    // A file beside the app's directory, which no URL may reach.
    await writeFile(join(root, 'secret.txt'), 'secret');
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment, { WEB_APP_DIR: dir });
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('sends / to /app/', async () => {
    const response = await fetch(`${service.url}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/app/');
  });

  it('sends /app to /app/, where the app’s relative URLs resolve', async () => {
    const response = await fetch(`${service.url}/app`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/app/');
  });

  it('answers index.html at /app/, revalidated on every load so a new build is picked up', async () => {
    const response = await fetch(`${service.url}/app/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(INDEX);
  });

  it.each(['/app/inbox', '/app/interactions/3f1e2d4c-0000-4000-8000-000000000000', '/app/admin/queues?x=1'])(
    'answers index.html for the app’s own route %s (the router in the page takes it)',
    async (path) => {
      const response = await fetch(`${service.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX);
    },
  );

  it('serves hashed assets for a year, immutable', async () => {
    const response = await fetch(`${service.url}/app/assets/index-Ab12Cd34.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript|^application\/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe(SCRIPT);
  });

  it('answers 404 in the error shape for an asset that does not exist, not index.html', async () => {
    const response = await fetch(`${service.url}/app/assets/index-gone.js`);
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBeNull();
    expect(await response.json()).toEqual({
      error: { code: 'WEB_APP_FILE_NOT_FOUND', message: expect.any(String) },
    });
  });

  it.each([
    '/app/../package.json',
    '/app/%2e%2e/%2e%2e/package.json',
    '/app/..%2fsecret.txt',
    '/app/%2e%2e/secret.txt',
    '/app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/app/assets/..%5c..%5cindex.html',
  ])('refuses a path that climbs out of the app’s directory: %s', async (path) => {
    const response = await rawGet(service, path);
    expect(response.body).not.toContain('secret');
    // `/app/../x` is resolved by the router before it reaches the app: no route, 404 all the same.
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('leaves the API as it was: its routes, their errors, and the OpenAPI document without /app', async () => {
    const me = await fetch(`${service.url}/me`);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const login = await fetch(`${service.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
    });
    expect(login.status).toBe(401);
    const unknown = await fetch(`${service.url}/no-such-route`);
    expect(unknown.status).toBe(404);
    const docs = (await (await fetch(`${service.url}/docs/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(docs.paths).filter((path) => path === '/' || path.startsWith('/app'))).toEqual([]);
  });

  it('refuses to write under /app/', async () => {
    const response = await fetch(`${service.url}/app/`, { method: 'POST' });
    expect(response.status).toBe(404);
  });
});

describe('the agent workspace when it has not been built', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'threadline-web-empty-'));
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment, { WEB_APP_DIR: dir });
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('still starts, and answers 404 WEB_APP_NOT_BUILT at /app/ saying how to build it', async () => {
    for (const path of ['/app/', '/app/inbox']) {
      const response = await fetch(`${service.url}${path}`);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('WEB_APP_NOT_BUILT');
      expect(body.error.message).toContain('build');
    }
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });
});
