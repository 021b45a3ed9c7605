import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ContractError, decodeEnvelope, type EnvelopeOf, type Subject } from '@threadline/contracts';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { InboxTransactions } from './inbox-transactions';
import type { Metrics } from '../metrics/metrics';
import type { Namespace } from '../nats/namespace';
import type { ConsumerDeclaration } from '../nats/provisioning';
import { contextFromNatsHeaders } from '../telemetry/propagation';
import { platformTracer } from '../telemetry/tracer';
import { type BackoffSettings, DEFAULT_BACKOFF, retryDelayMs } from './backoff';
import type { DeadLetters } from './dead-letters';

/**
 * Thrown by a handler for a message that can never succeed (it refers to something that
 * does not exist, breaks a rule...). The message is dead-lettered at once instead of retried.
 */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface HandlerContext {
  /** The transaction the effect must be written in; it also holds the inbox record. */
  manager: EntityManager;
  deliveryCount: number;
  logger: Logger;
  /**
   * Runs `effect` once the transaction committed, and never if it rolls back: for effects
   * outside Postgres that must not announce what may still be undone (a WebSocket push).
   * Its failure is logged; the message is already handled.
   */
  afterCommit(effect: () => Promise<void> | void): void;
}

export type MessageHandler<S extends Subject> = (
  envelope: EnvelopeOf<S>,
  context: HandlerContext,
) => Promise<void>;

/**
 * What a prepare step returns for a message its handler has nothing to do with (a virtual
 * agent's consumer seeing an agent's reply). The message is acknowledged without a transaction or
 * an inbox record: the prepare step has no effects, so handling it again would ignore it again.
 */
export const NOTHING_TO_DO: unique symbol = Symbol('threadline.nothing-to-do');

export interface PrepareContext {
  deliveryCount: number;
  logger: Logger;
}

/**
 * Work a handler needs done before its transaction opens, such as a call to an HTTP API that
 * must not hold a database connection while it waits. It runs on every delivery, before the
 * inbox is consulted, so it must have no effect of its own: whatever it returns reaches the
 * handler as `prepared`, and only the handler's transaction decides what happens.
 */
export type PrepareStep<S extends Subject, P> = (
  envelope: EnvelopeOf<S>,
  context: PrepareContext,
) => Promise<P | typeof NOTHING_TO_DO>;

/** A handler with a prepare step: what that step returned comes as `prepared`. */
export type PreparedMessageHandler<S extends Subject, P> = (
  envelope: EnvelopeOf<S>,
  context: HandlerContext & { prepared: P },
) => Promise<void>;

/**
 * The key of the messages that must be handled in delivery order (the SMS of one phone pair);
 * messages with other keys still run side by side. Order holds within one process: a retried
 * message lets later ones of its key pass, and two replicas can each take one.
 */
export type OrderingKey<S extends Subject> = (envelope: EnvelopeOf<S>) => string;

export interface ConsumerSettings<S extends Subject, P = undefined> {
  declaration: ConsumerDeclaration & { filterSubject: S };
  /** Given what `prepare` returned as `prepared` (undefined without a prepare step). */
  handler: PreparedMessageHandler<S, P>;
  /** Runs before each delivery's transaction; a failure is retried like the handler's. */
  prepare?: PrepareStep<S, P>;
  /** Messages with the same key are handled one at a time, in the order they were delivered. */
  orderingKey?: OrderingKey<S>;
  js: JetStreamClient;
  ns: Namespace;
  dataSource: DataSource;
  schema: string;
  deadLetters: DeadLetters;
  logger: Logger;
  metrics: Metrics;
  /** Messages handled at the same time. */
  concurrency: number;
  /**
   * Messages handled in one transaction at most, when they arrive together (see
   * {@link InboxTransactions}), and at most half of `concurrency`; 1 for a handler that acts
   * outside its transaction, and always 1 with an `orderingKey`. The consumer opens up to
   * `concurrency / batchSize` transactions (rounded up) at once. Default 1.
   */
  batchSize?: number;
  backoff?: BackoffSettings;
}

type Outcome = 'handled' | 'duplicate' | 'ignored' | 'retried' | 'dead_lettered';

/** A handler may hold a message for at most about this many thirds of ack_wait, plus one. */
const MAX_WORKING_EXTENSIONS = 15;

/**
 * Runs a durable pull consumer. For every message, in one Postgres transaction: record the
 * event id in the inbox (`ON CONFLICT DO NOTHING`) and, only if it was new, run the handler.
 * So a redelivered message whose effect committed has no second effect, and a handler that
 * throws half-way leaves nothing behind and is retried.
 *
 * - transient failure: `nak` with growing delay;
 * - a message that breaks its contract, or a {@link PermanentError}: dead-letter and `term`;
 * - still failing on the last allowed delivery (`max_deliver`): dead-letter and `term`;
 * - delivered once more after that, because the handler crashed or hung every time:
 *   dead-letter without running it.
 * A message is acknowledged only after its transaction committed.
 */
export class JetStreamConsumer<S extends Subject, P = undefined> {
  private messages?: ConsumerMessages;
  private readonly inFlight = new Set<Promise<void>>();
  /** The last task of each ordering key still pending; the next one of the key waits for it. */
  private readonly lastOfKey = new Map<string, Promise<void>>();
  private loop?: Promise<void>;
  private stopping = false;
  private readonly durable: string;
  private readonly transactions: InboxTransactions;

  constructor(private readonly settings: ConsumerSettings<S, P>) {
    this.durable = settings.declaration.durable;
    // At most half of what the consumer holds goes in one transaction, so a second one can gather
    // and start while the first commits. A consumer with ordering keys promises that a slow key does
    // not hold up the others, which messages sharing a transaction would.
    const batchSize = settings.orderingKey
      ? 1
      : Math.max(1, Math.min(settings.batchSize ?? 1, Math.floor(settings.concurrency / 2)));
    this.transactions = new InboxTransactions({
      dataSource: settings.dataSource,
      schema: settings.schema,
      consumer: this.durable,
      maxBatch: batchSize,
      maxParallel: Math.ceil(settings.concurrency / batchSize),
      logger: settings.logger,
      onBatch: (size) => settings.metrics.transactionMessages.observe({ consumer: this.durable }, size),
      onFallback: () => settings.metrics.batchFallbacks.inc({ consumer: this.durable }),
    });
  }

  async start(): Promise<void> {
    const { js, ns, declaration, concurrency } = this.settings;
    const consumer = await js.consumers.get(
      ns.stream(declaration.stream.name),
      ns.durable(declaration.durable),
    );
    this.messages = await consumer.consume({ max_messages: concurrency, expires: 5_000 });
    this.loop = this.pump(this.messages);
  }

  /** Stops pulling, lets in-flight messages finish (up to `graceMs`), hands back the rest. */
  async stop(graceMs: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.messages?.close().catch(() => undefined);
    const drained = Promise.allSettled([...this.inFlight]);
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    await this.loop?.catch(() => undefined);
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    const { concurrency, logger } = this.settings;
    try {
      for await (const message of messages) {
        if (this.stopping) {
          // Pulled but not started: give it back now rather than after ack_wait.
          message.nak();
          continue;
        }
        const key = this.orderingKeyOf(message);
        const before = key === undefined ? undefined : this.lastOfKey.get(key);
        // A message waiting behind its key is acknowledged by nobody meanwhile: without these
        // heartbeats the server delivers it again after ack_wait, and again, until the copy over
        // max_deliver is dead-lettered as never finished although the first copy ran.
        const waiting = before ? this.keepAlive(message) : undefined;
        const run = () => {
          clearInterval(waiting);
          return this.process(message);
        };
        const task = (before ? before.then(run) : run()).catch((error: unknown) => {
          logger.error({ err: error, consumer: this.durable }, 'consumer task failed unexpectedly');
        });
        this.inFlight.add(task);
        if (key !== undefined) this.lastOfKey.set(key, task);
        void task.finally(() => {
          this.inFlight.delete(task);
          if (key !== undefined && this.lastOfKey.get(key) === task) this.lastOfKey.delete(key);
        });
        if (this.inFlight.size >= concurrency) await Promise.race(this.inFlight);
      }
    } catch (error) {
      if (!this.stopping) logger.error({ err: error, consumer: this.durable }, 'consumer stopped pulling');
    }
  }

  /** The message's ordering key; none for a consumer without one, or a message that does not decode. */
  private orderingKeyOf(message: JsMsg): string | undefined {
    const { orderingKey } = this.settings;
    if (!orderingKey) return undefined;
    try {
      return orderingKey(message.json<EnvelopeOf<S>>());
    } catch {
      // Not an envelope: process() refuses and dead-letters it, in no particular order.
      return undefined;
    }
  }

  private async process(message: JsMsg): Promise<void> {
    const { ns, logger, metrics } = this.settings;
    const started = process.hrtime.bigint();
    const contractSubject = ns.contractSubject(message.subject) ?? message.subject;
    const parent = contextFromNatsHeaders(message.headers);
    const span = platformTracer().startSpan(
      `process ${contractSubject}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': contractSubject,
          'messaging.consumer.group.name': this.durable,
          'messaging.nats.delivery_count': message.info.deliveryCount,
        },
      },
      parent,
    );
    let outcome: Outcome;
    try {
      outcome = await context.with(trace.setSpan(parent, span), () => this.handle(message, contractSubject));
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
    span.setAttribute('threadline.outcome', outcome);
    metrics.consumed.inc({ consumer: this.durable, outcome });
    metrics.handleSeconds.observe(
      { consumer: this.durable },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    if (outcome === 'dead_lettered')
      logger.warn({ consumer: this.durable, subject: contractSubject }, 'message dead-lettered');
  }

  private async handle(message: JsMsg, contractSubject: string): Promise<Outcome> {
    const { handler, logger, declaration } = this.settings;
    let envelope: EnvelopeOf<S>;
    try {
      envelope = decodeEnvelope(contractSubject, message.data) as EnvelopeOf<S>;
    } catch (error) {
      if (error instanceof ContractError)
        return this.deadLetter(message, contractSubject, null, error.code, error.message);
      throw error;
    }
    const deliveryCount = message.info.deliveryCount;
    if (deliveryCount > declaration.maxDeliver) {
      // The server allows one delivery more than the handler gets (see consumerConfig): when
      // it arrives, every allowed attempt started but none finished, so the process died or
      // hung inside the handler. Running it again could take the process down again.
      return this.deadLetter(
        message,
        contractSubject,
        envelope.id,
        'HANDLER_NEVER_FINISHED',
        `the handler started on all ${declaration.maxDeliver} deliveries and finished none (crash or hang)`,
      );
    }
    const keepAlive = this.keepAlive(message);
    const handlerLogger = logger.child({ eventId: envelope.id, correlationId: envelope.correlationId });
    try {
      // Without a prepare step, P is undefined.
      const prepared = (await this.settings.prepare?.(envelope, {
        deliveryCount,
        logger: handlerLogger,
      })) as P;
      if ((prepared as unknown) === NOTHING_TO_DO) {
        this.acknowledge(message, envelope.id);
        return 'ignored';
      }
      const { handled, afterCommit } = await this.transactions.submit({
        eventId: envelope.id,
        run: (manager, afterCommit) =>
          handler(envelope, { manager, deliveryCount, logger: handlerLogger, afterCommit, prepared }),
      });
      for (const effect of afterCommit) {
        await Promise.resolve()
          .then(effect)
          .catch((error: unknown) => {
            logger.warn(
              { err: error, consumer: this.durable, eventId: envelope.id },
              'after-commit effect failed',
            );
          });
      }
      this.acknowledge(message, envelope.id);
      return handled ? 'handled' : 'duplicate';
    } catch (error) {
      if (error instanceof PermanentError || error instanceof ContractError) {
        return this.deadLetter(message, contractSubject, envelope.id, error.code, error.message);
      }
      if (deliveryCount >= declaration.maxDeliver) {
        return this.deadLetter(
          message,
          contractSubject,
          envelope.id,
          'MAX_DELIVER_EXCEEDED',
          `failed on all ${declaration.maxDeliver} deliveries; last error: ${String(error)}`,
        );
      }
      const delay = retryDelayMs(deliveryCount, this.settings.backoff ?? DEFAULT_BACKOFF);
      logger.warn(
        { err: error, consumer: this.durable, eventId: envelope.id, deliveryCount, retryInMs: delay },
        'handler failed; will retry',
      );
      message.nak(delay);
      return 'retried';
    } finally {
      clearInterval(keepAlive);
    }
  }

  /**
   * Acknowledges a message whose effect committed (or that had nothing to do), without waiting for
   * the server to confirm it. A lost ack only brings the message back, and the redelivery finds the
   * inbox record and has no effect; so waiting for a confirmation, a round trip per message, bought
   * nothing (decision 52). A failure is logged, never retried as a failure of the message.
   */
  private acknowledge(message: JsMsg, eventId: string): void {
    try {
      message.ack();
    } catch (error) {
      this.settings.logger.warn({ err: error, consumer: this.durable, eventId }, 'ack lost');
    }
  }

  /**
   * Tells the server a slow handler (or a message waiting behind its ordering key) is still
   * working, so the message is not redelivered to another replica meanwhile; but only for a
   * bounded time, so a hung handler's message still comes back (and counts towards max_deliver).
   * Waiting and handling each get this budget.
   */
  private keepAlive(message: JsMsg): NodeJS.Timeout {
    const interval = Math.max(1_000, this.settings.declaration.ackWaitMs / 3);
    let extensions = 0;
    const timer: NodeJS.Timeout = setInterval(() => {
      if (++extensions > MAX_WORKING_EXTENSIONS) {
        clearInterval(timer);
        return;
      }
      message.working();
    }, interval);
    return timer;
  }

  private async deadLetter(
    message: JsMsg,
    subject: string,
    eventId: string | null,
    errorCode: string,
    reason: string,
  ): Promise<Outcome> {
    const headers: Record<string, string[]> = {};
    for (const key of message.headers?.keys() ?? []) headers[key] = message.headers!.values(key);
    // If this insert fails the error propagates and the message is neither acked nor
    // termed: it comes back after ack_wait, so it is never lost.
    await this.settings.deadLetters.record({
      consumer: this.durable,
      subject,
      eventId,
      errorCode,
      reason,
      payload: Buffer.from(message.data).toString('utf8'),
      headers,
      deliveryCount: message.info.deliveryCount,
      streamSequence: message.info.streamSequence,
    });
    this.settings.metrics.deadLetters.inc({ consumer: this.durable, code: errorCode });
    // No reason on the wire: NATS before 2.10 does not recognise `+TERM <reason>`, leaves the
    // message pending and redelivers it after ack_wait. The reason is in the dead-letter row.
    message.term();
    return 'dead_lettered';
  }
}
