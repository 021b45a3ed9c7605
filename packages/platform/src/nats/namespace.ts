/**
 * Keeps deployments that share one NATS server apart: every stream, subject and durable
 * consumer name gets the namespace as a prefix. The empty namespace (production) changes
 * nothing. Tests give each run its own namespace so runs never see each other's messages.
 */
export class Namespace {
  constructor(readonly prefix: string) {
    if (prefix !== '' && !/^[a-z][a-z0-9]*$/.test(prefix)) {
      throw new Error(`namespace must be lower-case letters and digits, got ${JSON.stringify(prefix)}`);
    }
  }

  subject(subject: string): string {
    return this.prefix ? `${this.prefix}.${subject}` : subject;
  }

  /** The contract subject of a subject seen on the wire, or undefined if it is not ours. */
  contractSubject(wireSubject: string): string | undefined {
    if (!this.prefix) return wireSubject;
    const head = `${this.prefix}.`;
    return wireSubject.startsWith(head) ? wireSubject.slice(head.length) : undefined;
  }

  stream(name: string): string {
    return this.prefix ? `${this.prefix.toUpperCase()}_${name}` : name;
  }

  durable(name: string): string {
    return this.prefix ? `${this.prefix}_${name}` : name;
  }
}
