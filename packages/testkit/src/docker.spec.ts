import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerAvailable } from '@threadline/platform/testing';

function fakeEngine(reply: string): Promise<{ path: string; server: Server }> {
  const path = join(mkdtempSync(join(tmpdir(), 'docker-')), 'docker.sock');
  const server = createServer((socket) => socket.once('data', () => socket.end(reply)));
  return new Promise((resolve) => server.listen(path, () => resolve({ path, server })));
}

describe('dockerAvailable', () => {
  const saved = process.env.DOCKER_HOST;
  beforeEach(() => delete process.env.DOCKER_HOST);
  afterAll(() => {
    if (saved !== undefined) process.env.DOCKER_HOST = saved;
  });

  it('is true when the engine answers its ping', async () => {
    const { path, server } = await fakeEngine('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK');
    try {
      expect(await dockerAvailable(path)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('is false when something else answers on the socket', async () => {
    const { path, server } = await fakeEngine('HTTP/1.1 500 Internal Server Error\r\n\r\nno');
    try {
      expect(await dockerAvailable(path)).toBe(false);
    } finally {
      server.close();
    }
  });

  it('is false when there is no engine at all, as on a machine with only the docker client', async () => {
    expect(await dockerAvailable(join(tmpdir(), 'no-such-docker.sock'))).toBe(false);
  });
});
