import { type SignatureStore, TelnyxReplayGuard } from './telnyx-replay-guard';

/** Redis's SET NX EX and DEL over a map, remembering each key's time to live. */
function memoryStore() {
  const keys = new Map<string, number>();
  const store: SignatureStore = {
    set: (key, _value, _ex, seconds) => {
      if (keys.has(key)) return Promise.resolve(null);
      keys.set(key, seconds);
      return Promise.resolve('OK');
    },
    del: (key) => Promise.resolve(keys.delete(key) ? 1 : 0),
  };
  return { store, keys };
}

const signature = Buffer.alloc(64, 1);

describe('TelnyxReplayGuard', () => {
  it('a signature is accepted once, and a second time is a replay', async () => {
    const { store } = memoryStore();
    const guard = new TelnyxReplayGuard(store, 'test', 300);
    expect(await guard.claim(signature)).toBe(true);
    expect(await guard.claim(signature)).toBe(false);
    expect(await guard.claim(Buffer.alloc(64, 2))).toBe(true);
  });

  it('remembers a signature for twice the tolerance: a timestamp from the future passes that long', async () => {
    const { store, keys } = memoryStore();
    await new TelnyxReplayGuard(store, 'test', 300).claim(signature);
    expect([...keys.values()]).toEqual([600]);
  });

  it('lets a released signature through again (Telnyx retrying a webhook we failed to take)', async () => {
    const { store } = memoryStore();
    const guard = new TelnyxReplayGuard(store, 'test', 300);
    await guard.claim(signature);
    await guard.release(signature);
    expect(await guard.claim(signature)).toBe(true);
  });

  it('keeps deployments sharing a Redis apart by namespace, and stores no signature in the clear', async () => {
    const { store, keys } = memoryStore();
    await new TelnyxReplayGuard(store, 'one', 300).claim(signature);
    expect(await new TelnyxReplayGuard(store, 'two', 300).claim(signature)).toBe(true);
    expect([...keys.keys()].every((key) => !key.includes(signature.toString('base64')))).toBe(true);
  });
});
