import { createHash } from 'node:crypto';

/** The two Redis commands the replay check needs (ioredis's client has them). */
export interface SignatureStore {
  set(key: string, value: string, expiry: 'EX', seconds: number, mode: 'NX'): Promise<'OK' | null>;
  del(key: string): Promise<number>;
}

/**
 * Remembers the Telnyx signatures the gateway accepted, in Redis so every replica sees them,
 * for as long as a webhook carrying one could still pass the timestamp check: a signature
 * seen twice in that time is a replay. A claim is released when handling the webhook failed,
 * so Telnyx's own retry of a webhook we did not take is not mistaken for a replay.
 */
export class TelnyxReplayGuard {
  constructor(
    private readonly store: SignatureStore,
    private readonly namespace: string,
    private readonly toleranceSeconds: number,
  ) {}

  /** True the first time a signature is seen within the window; false for a replay. */
  async claim(signature: Buffer): Promise<boolean> {
    // A timestamp up to the tolerance in the future passes until the tolerance after it.
    const ttlSeconds = 2 * this.toleranceSeconds;
    return (await this.store.set(this.key(signature), '1', 'EX', ttlSeconds, 'NX')) === 'OK';
  }

  async release(signature: Buffer): Promise<void> {
    await this.store.del(this.key(signature));
  }

  private key(signature: Buffer): string {
    const digest = createHash('sha256').update(signature).digest('hex');
    return `${this.namespace || 'threadline'}:sms-gateway:telnyx-signature:${digest}`;
  }
}
