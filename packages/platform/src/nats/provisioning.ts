import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiError,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { StreamDeclaration } from '@threadline/contracts';
import type { Logger } from 'pino';
import type { Namespace } from './namespace';

export class ProvisioningError extends Error {
  override readonly name = 'ProvisioningError';
}

/** A durable pull consumer a service needs, in contract terms (no namespace). */
export interface ConsumerDeclaration {
  stream: StreamDeclaration;
  /** `<service>_<event>_v1`, see CONVENTIONS.md. */
  durable: string;
  filterSubject: string;
  maxDeliver: number;
  ackWaitMs: number;
  maxAckPending: number;
  description?: string;
}

export function streamConfig(stream: StreamDeclaration, ns: Namespace, replicas: number): StreamConfig {
  return {
    name: ns.stream(stream.name),
    subjects: stream.subjects.map((subject) => ns.subject(subject)),
    description: stream.description,
    retention: RetentionPolicy[capitalise(stream.retention) as keyof typeof RetentionPolicy],
    storage: stream.storage === 'file' ? StorageType.File : StorageType.Memory,
    max_age: nanos(stream.maxAgeMs),
    duplicate_window: nanos(stream.duplicateWindowMs),
    num_replicas: replicas,
    discard: DiscardPolicy.Old,
  } as StreamConfig;
}

export function consumerConfig(consumer: ConsumerDeclaration, ns: Namespace): Partial<ConsumerConfig> {
  return {
    durable_name: ns.durable(consumer.durable),
    description: consumer.description ?? `${consumer.durable} on ${consumer.filterSubject}`,
    filter_subject: ns.subject(consumer.filterSubject),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(consumer.ackWaitMs),
    // One delivery beyond what handlers get: the consumer helper uses it to dead-letter a
    // message whose handler never finished, instead of the server dropping it silently.
    max_deliver: consumer.maxDeliver + 1,
    max_ack_pending: consumer.maxAckPending,
  };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Fields the server refuses to change on an existing stream or consumer. */
const IMMUTABLE_STREAM_FIELDS = ['storage', 'retention'] as const;
const MUTABLE_STREAM_FIELDS = [
  'subjects',
  'description',
  'max_age',
  'duplicate_window',
  'num_replicas',
  'discard',
] as const;
const IMMUTABLE_CONSUMER_FIELDS = ['ack_policy', 'deliver_policy', 'filter_subject'] as const;
const MUTABLE_CONSUMER_FIELDS = ['description', 'ack_wait', 'max_deliver', 'max_ack_pending'] as const;

function differs(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return (
      [...(a as unknown[])].map(String).sort().join('\n') !==
      [...(b as unknown[])].map(String).sort().join('\n')
    );
  }
  // nanos() values are numbers; the server may answer with a bigint-safe number.
  return (a ?? null) !== (b ?? null) && String(a) !== String(b);
}

/** The fields whose live value differs from the declared one. */
export function drift<T extends object>(declared: T, live: T, fields: readonly (keyof T)[]): Array<keyof T> {
  return fields.filter((field) => differs(declared[field], live[field]));
}

function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 404;
}

/**
 * Makes the server's streams match the declarations: creates missing ones, updates drifted
 * settings, and throws a {@link ProvisioningError} naming the field when a setting cannot be
 * changed in place (storage, retention), since silently keeping the old one would be worse.
 * Safe to run from every replica at every start.
 */
export async function provisionStream(
  jsm: JetStreamManager,
  declared: StreamConfig,
  logger: Logger,
): Promise<StreamInfo> {
  let live: StreamInfo;
  try {
    live = await jsm.streams.info(declared.name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      const created = await jsm.streams.add(declared);
      logger.info({ stream: declared.name }, 'stream created');
      return created;
    } catch (addError) {
      throw new ProvisioningError(`cannot create stream ${declared.name}: ${String(addError)}`);
    }
  }
  const blocked = drift(declared, live.config, IMMUTABLE_STREAM_FIELDS);
  if (blocked.length > 0) {
    throw new ProvisioningError(
      `stream ${declared.name} has ${blocked.join(', ')} different from the declaration and the server cannot change it in place; migrate the stream by hand`,
    );
  }
  const changed = drift(declared, live.config, MUTABLE_STREAM_FIELDS);
  if (changed.length === 0) return live;
  try {
    const updated = await jsm.streams.update(declared.name, { ...live.config, ...declared });
    logger.warn({ stream: declared.name, fields: changed }, 'stream configuration drifted; updated');
    return updated;
  } catch (error) {
    throw new ProvisioningError(
      `cannot update stream ${declared.name} (${changed.join(', ')}): ${String(error)}`,
    );
  }
}

/** Like {@link provisionStream}, for a durable pull consumer. */
export async function provisionConsumer(
  jsm: JetStreamManager,
  stream: string,
  declared: Partial<ConsumerConfig> & { durable_name: string },
  logger: Logger,
): Promise<ConsumerInfo> {
  let live: ConsumerInfo;
  try {
    live = await jsm.consumers.info(stream, declared.durable_name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      const created = await jsm.consumers.add(stream, declared);
      logger.info({ stream, consumer: declared.durable_name }, 'consumer created');
      return created;
    } catch (addError) {
      throw new ProvisioningError(
        `cannot create consumer ${declared.durable_name} on ${stream}: ${String(addError)}`,
      );
    }
  }
  const blocked = drift(declared, live.config as Partial<ConsumerConfig>, IMMUTABLE_CONSUMER_FIELDS);
  if (blocked.length > 0) {
    throw new ProvisioningError(
      `consumer ${declared.durable_name} on ${stream} has ${blocked.join(', ')} different from the declaration and the server cannot change it in place; delete the consumer to recreate it`,
    );
  }
  const changed = drift(declared, live.config as Partial<ConsumerConfig>, MUTABLE_CONSUMER_FIELDS);
  if (changed.length === 0) return live;
  try {
    const updated = await jsm.consumers.update(stream, declared.durable_name, {
      description: declared.description,
      ack_wait: declared.ack_wait,
      max_deliver: declared.max_deliver,
      max_ack_pending: declared.max_ack_pending,
    });
    logger.warn(
      { stream, consumer: declared.durable_name, fields: changed },
      'consumer configuration drifted; updated',
    );
    return updated;
  } catch (error) {
    throw new ProvisioningError(
      `cannot update consumer ${declared.durable_name} on ${stream} (${changed.join(', ')}): ${String(error)}`,
    );
  }
}
