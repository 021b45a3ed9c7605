import { contracts, splitSubject, streams, type Subject } from '@threadline/contracts';
import type { MessageHandler, OrderingKey, PreparedMessageHandler, PrepareStep } from '../messaging/consumer';
import type { ConsumerDeclaration } from '../nats/provisioning';

export interface ConsumerRegistration<S extends Subject = Subject> {
  declaration: ConsumerDeclaration & { filterSubject: S };
  handler: MessageHandler<S>;
  /** Handle messages with the same key one at a time, in delivery order (see {@link OrderingKey}). */
  orderingKey?: OrderingKey<S>;
  /** Messages this consumer holds at once in a process, instead of CONSUMER_CONCURRENCY. */
  concurrency?: number;
  /** For a handler that acts outside its transaction (see messaging/inbox-transactions.ts). */
  oneTransactionPerMessage?: boolean;
}

/** A consumer whose handler needs work done outside its transaction first (see {@link PrepareStep}). */
export interface PreparedConsumerRegistration<S extends Subject, P> {
  declaration: ConsumerDeclaration & { filterSubject: S };
  prepare: PrepareStep<S, P>;
  handler: PreparedMessageHandler<S, P>;
  orderingKey?: OrderingKey<S>;
  /**
   * Messages this consumer holds at once in a process, instead of CONSUMER_CONCURRENCY: more
   * when the prepare step mostly waits (holding no database connection), so messages waiting
   * their turn do not keep others from starting.
   */
  concurrency?: number;
  /**
   * For a handler that acts outside its transaction (a provider call): a batch that rolls back
   * would run it again for messages that did nothing wrong (see messaging/inbox-transactions.ts).
   */
  oneTransactionPerMessage?: boolean;
}

/** A registration as the runtime starts it. */
export interface StoredRegistration {
  declaration: ConsumerDeclaration & { filterSubject: Subject };
  handler: PreparedMessageHandler<Subject, unknown>;
  prepare?: PrepareStep<Subject, unknown>;
  orderingKey?: OrderingKey<Subject>;
  concurrency?: number;
  oneTransactionPerMessage?: boolean;
}

/**
 * Where a service's NestJS providers put the consumers they implement (in `onModuleInit`);
 * the runtime provisions and starts them once the application is initialised.
 */
export class ConsumerRegistry {
  private readonly registrations: StoredRegistration[] = [];

  register<S extends Subject>(registration: ConsumerRegistration<S>): void {
    this.add(registration as unknown as StoredRegistration);
  }

  registerPrepared<S extends Subject, P>(registration: PreparedConsumerRegistration<S, P>): void {
    this.add(registration as unknown as StoredRegistration);
  }

  private add(registration: StoredRegistration): void {
    if (
      this.registrations.some((existing) => existing.declaration.durable === registration.declaration.durable)
    ) {
      throw new Error(`consumer ${registration.declaration.durable} is registered twice`);
    }
    this.registrations.push(registration);
  }

  all(): readonly StoredRegistration[] {
    return this.registrations;
  }
}

/**
 * The declaration of `service`'s durable consumer of `subject`, by the conventions: durable
 * `<service>_<subject without version, dots as dashes>_v<major>`, the subject's own stream, and
 * delivery limits that suit a handler doing one short transaction.
 */
export function consumerOf<S extends Subject>(
  service: string,
  subject: S,
  overrides: Partial<Omit<ConsumerDeclaration, 'filterSubject' | 'stream'>> = {},
): ConsumerDeclaration & { filterSubject: S } {
  const split = splitSubject(subject)!;
  return {
    stream: streams[contracts[subject].stream],
    durable: `${service}_${split.type.replace(/\./g, '-')}_v${split.version}`,
    filterSubject: subject,
    maxDeliver: 10,
    ackWaitMs: 30_000,
    maxAckPending: 1_000,
    ...overrides,
  };
}
