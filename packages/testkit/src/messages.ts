import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { decodeEnvelope, encodeEnvelope, type EnvelopeOf, type Subject } from '@threadline/contracts';
import { Namespace } from '@threadline/platform';
import { eventually, type EventuallyOptions } from '@threadline/platform/testing';

/**
 * A test's window onto one namespace's messages: publish envelopes as another service would
 * (through JetStream, with the event id as message id), and watch what services publish.
 * Watching is a core NATS subscription, so open the tap before the action it observes.
 */
export class MessageTap {
  private readonly seen = new Map<string, Array<EnvelopeOf<Subject>>>();
  private readonly subscriptions: Subscription[] = [];

  private constructor(
    readonly nc: NatsConnection,
    readonly ns: Namespace,
  ) {}

  static async open(natsUrl: string, namespace: string): Promise<MessageTap> {
    const nc = await connect({ servers: natsUrl, name: 'test-tap' });
    return new MessageTap(nc, new Namespace(namespace));
  }

  /** Starts recording `subjects`; call before the action under test. */
  watch(...subjects: Subject[]): this {
    for (const subject of subjects) {
      this.seen.set(subject, this.seen.get(subject) ?? []);
      this.subscriptions.push(
        this.nc.subscribe(this.ns.subject(subject), {
          callback: (error, message) => {
            if (error) return;
            this.seen.get(subject)!.push(decodeEnvelope(subject, message.data));
          },
        }),
      );
    }
    return this;
  }

  async publish<S extends Subject>(envelope: EnvelopeOf<S>): Promise<void> {
    await jetstream(this.nc).publish(this.ns.subject(envelope.subject), encodeEnvelope(envelope), {
      msgID: envelope.id,
    });
  }

  /** Everything seen on `subject` so far, in arrival order. */
  events<S extends Subject>(subject: S): Array<EnvelopeOf<S>> {
    const seen = this.seen.get(subject);
    if (!seen) throw new Error(`${subject} is not watched; call watch() first`);
    return seen as Array<EnvelopeOf<S>>;
  }

  /**
   * Waits until `count` distinct events (by envelope id) matching `where` were seen on `subject`,
   * and returns the first copy of each. The tap is a core subscriber, so it also sees an outbox row
   * published again after a timed-out acknowledgement, which JetStream stored once: counting
   * copies would let a test go on before the last event it waits for exists.
   */
  async waitFor<S extends Subject>(
    subject: S,
    where: (envelope: EnvelopeOf<S>) => boolean = () => true,
    count = 1,
    options?: EventuallyOptions,
  ): Promise<Array<EnvelopeOf<S>>> {
    return eventually(() => {
      const ids = new Set<string>();
      const matching = this.events(subject).filter(
        (envelope) => where(envelope) && !ids.has(envelope.id) && Boolean(ids.add(envelope.id)),
      );
      if (matching.length < count) {
        throw new Error(`saw ${matching.length} of ${count} ${subject} event(s)`);
      }
      return matching;
    }, options);
  }

  async close(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.nc.drain();
  }
}
