import { createServer } from 'node:net';
import { reachable } from './servers';

describe('reachable', () => {
  it('is true for a port that accepts connections', async () => {
    const server = createServer((socket) => socket.end()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await reachable(`redis://127.0.0.1:${port}`)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('is false for a closed port, without hanging', async () => {
    expect(await reachable('nats://127.0.0.1:1', 500)).toBe(false);
  });
});
