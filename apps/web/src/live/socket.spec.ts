import type { PushEvent } from '../api/types';
import { LiveSocket } from './socket';

/** Stands in for the browser's WebSocket: the test plays the gateway's messages. */
class FakeWebSocket {
  static last?: FakeWebSocket;
  onmessage?: (message: { data: string }) => void;
  onclose?: (close: { code: number }) => void;
  constructor(readonly url: string) {
    FakeWebSocket.last = this;
  }
  close(): void {}
  receive(event: object): void {
    this.onmessage?.({ data: JSON.stringify(event) });
  }
}

describe('LiveSocket', () => {
  const globals = globalThis as unknown as Record<string, unknown>;

  beforeEach(() => {
    globals.WebSocket = FakeWebSocket;
    globals.window = { addEventListener: () => undefined, removeEventListener: () => undefined };
  });

  afterEach(() => {
    delete globals.WebSocket;
    delete globals.window;
  });

  function start() {
    const reloads: string[] = [];
    const events: PushEvent[] = [];
    const live = new LiveSocket({
      url: () => 'ws://gateway.test/ws',
      onEvent: (event) => events.push(event),
      onReady: () => reloads.push('reload'),
      onStatus: () => undefined,
      onTokenExpired: () => undefined,
    });
    live.start();
    return { live, reloads, events, gateway: FakeWebSocket.last! };
  }

  const at = '2026-12-01T00:00:00.000Z';

  it('reloads the views when the gateway says ready, and again when it says resync', () => {
    const { live, reloads, gateway } = start();
    gateway.receive({ type: 'ready', data: { agentId: 'a' }, at });
    expect(reloads).toHaveLength(1);
    gateway.receive({ type: 'resync', data: { reason: 'push-lost' }, at });
    expect(reloads).toHaveLength(2);
    live.stop();
  });

  it('does not reload for an ordinary push', () => {
    const { live, reloads, events, gateway } = start();
    gateway.receive({ type: 'offer.withdrawn', data: { workItemId: 'w', interactionId: 'i' }, at });
    expect(reloads).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(['offer.withdrawn']);
    live.stop();
  });
});
