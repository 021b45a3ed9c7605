import { type FailureRule } from '../domain/failure-rules';
import { type SimMedia, type SimMessage } from '../domain/message';
import { type Outage } from '../domain/outage';

/**
 * Everything the simulator remembers, in memory: messages by sid, what each phone received,
 * which phones fail, and per-company-number webhook overrides. `reset()` returns to the state
 * at boot, failing numbers from the configuration included.
 */
export class SimulatorState {
  private readonly messages = new Map<string, SimMessage>();
  private readonly inboxes = new Map<string, string[]>();
  /** Each message's place in the order the API took them, which a handset lists its texts in. */
  private readonly createdOrder = new Map<string, number>();
  private readonly failures = new Map<string, FailureRule>();
  private readonly webhooks = new Map<string, string>();
  /** Per phone: how many more sends to it are taken and then answered with this HTTP status. */
  private readonly lostAnswers = new Map<string, { status: number; remaining: number }>();
  private readonly media = new Map<string, SimMedia>();
  private outage: Outage | undefined;
  /** Sends held by a `timeout` outage, let go (unanswered) when it ends. */
  private readonly outageWaiters = new Set<() => void>();

  constructor(private readonly bootFailures: readonly FailureRule[]) {
    this.reset();
  }

  reset(): void {
    this.messages.clear();
    this.createdOrder.clear();
    this.inboxes.clear();
    this.webhooks.clear();
    this.lostAnswers.clear();
    this.media.clear();
    this.failures.clear();
    this.endOutage();
    for (const rule of this.bootFailures) this.failures.set(rule.phone, rule);
  }

  addMessage(message: SimMessage): void {
    this.messages.set(message.sid, message);
    if (!this.createdOrder.has(message.sid)) this.createdOrder.set(message.sid, this.createdOrder.size);
  }

  addMedia(medium: SimMedia): void {
    this.media.set(medium.sid, medium);
  }

  /** An image by its sid (ME...), with bytes. */
  medium(sid: string): SimMedia | undefined {
    return this.media.get(sid);
  }

  message(sid: string): SimMessage | undefined {
    return this.messages.get(sid);
  }

  allMessages(): Iterable<SimMessage> {
    return this.messages.values();
  }

  /** Puts a message in its recipient's inbox; a message cleared by a reset is not revived. */
  deliverToInbox(message: SimMessage): void {
    if (this.messages.get(message.sid) !== message) return;
    const inbox = this.inboxes.get(message.to) ?? [];
    inbox.push(message.sid);
    this.inboxes.set(message.to, inbox);
  }

  /**
   * What `phone` received, oldest first: in the order the messages were sent, as a handset lists
   * them by their sending time, not in the order their deliveries happened to finish (each waits
   * on its own status callbacks, so a later text can be delivered first).
   */
  inbox(phone: string): SimMessage[] {
    const order = (sid: string) => this.createdOrder.get(sid) ?? Number.MAX_SAFE_INTEGER;
    return [...(this.inboxes.get(phone) ?? [])]
      .sort((a, b) => order(a) - order(b))
      .flatMap((sid) => this.messages.get(sid) ?? []);
  }

  /**
   * What `phone` sent and received, in the order the messages were created: the phone's side of
   * its conversations, as the demo phone page shows them. Messages that never reached it
   * (queued, or failed) are not in it, as on a real handset.
   */
  thread(phone: string): SimMessage[] {
    const received = new Set(this.inboxes.get(phone) ?? []);
    return [...this.messages.values()].filter(
      (message) => (message.direction === 'inbound' && message.from === phone) || received.has(message.sid),
    );
  }

  /** The messages the API was asked to send from `companyNumber`, in the order they arrived. */
  sentFrom(companyNumber: string): SimMessage[] {
    return [...this.messages.values()].filter(
      (message) => message.direction === 'outbound-api' && message.from === companyNumber,
    );
  }

  failureFor(phone: string): FailureRule | undefined {
    return this.failures.get(phone);
  }

  setFailure(rule: FailureRule): void {
    this.failures.set(rule.phone, rule);
  }

  clearFailure(phone: string): void {
    this.failures.delete(phone);
  }

  /** The next `count` sends to `phone` are taken (and delivered) but answered with `status`. */
  loseAnswers(phone: string, status: number, count: number): void {
    this.lostAnswers.set(phone, { status, remaining: count });
  }

  /** The status to answer a send to `phone` with although it was taken, if one is due; counts it. */
  takeLostAnswer(phone: string): number | undefined {
    const rule = this.lostAnswers.get(phone);
    if (!rule) return undefined;
    if (--rule.remaining <= 0) this.lostAnswers.delete(phone);
    return rule.status;
  }

  webhookFor(companyNumber: string): string | undefined {
    return this.webhooks.get(companyNumber);
  }

  setWebhook(companyNumber: string, url: string): void {
    this.webhooks.set(companyNumber, url);
  }

  currentOutage(): Outage | undefined {
    return this.outage;
  }

  startOutage(outage: Outage): void {
    this.outage = outage;
  }

  /** Ends the outage and lets every held send go. */
  endOutage(): void {
    this.outage = undefined;
    for (const release of this.outageWaiters) release();
    this.outageWaiters.clear();
  }

  /** How many sends a `timeout` outage holds unanswered right now. */
  heldSends(): number {
    return this.outageWaiters.size;
  }

  /** Resolves when the current outage ends (at once when there is none). */
  outageEnded(): Promise<void> {
    if (!this.outage) return Promise.resolve();
    return new Promise((resolve) => this.outageWaiters.add(resolve));
  }
}
