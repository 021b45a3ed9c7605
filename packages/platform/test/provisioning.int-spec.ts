import { jetstreamManager, type JetStreamManager, StorageType } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { streams } from '@threadline/contracts';
import {
  consumerConfig,
  Namespace,
  provisionConsumer,
  provisionStream,
  ProvisioningError,
  streamConfig,
} from '../src';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '../src/testing';
import { silentLogger } from './harness';

describe('stream and consumer provisioning against a real JetStream', () => {
  let environment: IsolatedEnvironment;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let ns: Namespace;

  beforeEach(async () => {
    environment = await createIsolatedEnvironment();
    nc = await connect({ servers: environment.servers.natsUrl });
    jsm = await jetstreamManager(nc);
    ns = new Namespace(environment.namespace);
  });

  afterEach(async () => {
    await nc.close();
    await environment.dispose();
  });

  const declaration = {
    stream: streams.SMS,
    durable: 'profile_sms_inbound_received_v1',
    filterSubject: 'sms.inbound.received.v1',
    maxDeliver: 8,
    ackWaitMs: 30_000,
    maxAckPending: 64,
  };

  it('creates a missing stream and is a no-op the second time', async () => {
    const declared = streamConfig(streams.SMS, ns, 1);
    const created = await provisionStream(jsm, declared, silentLogger);
    expect(created.config.subjects).toEqual([ns.subject('sms.>')]);
    expect(created.config.duplicate_window).toBe(nanos(streams.SMS.duplicateWindowMs));
    const again = await provisionStream(jsm, declared, silentLogger);
    expect(again.created).toEqual(created.created);
  });

  it('updates a stream whose settings drifted', async () => {
    const declared = streamConfig(streams.SMS, ns, 1);
    await provisionStream(jsm, declared, silentLogger);
    await jsm.streams.update(declared.name, {
      ...declared,
      max_age: nanos(3_600_000),
      description: 'edited by hand',
    });

    const repaired = await provisionStream(jsm, declared, silentLogger);
    expect(repaired.config.max_age).toBe(nanos(streams.SMS.maxAgeMs));
    expect(repaired.config.description).toBe(streams.SMS.description);
  });

  it('fails loudly, naming the field, when a stream cannot be changed in place', async () => {
    const declared = streamConfig(streams.SMS, ns, 1);
    await jsm.streams.add({ ...declared, storage: StorageType.Memory });
    await expect(provisionStream(jsm, declared, silentLogger)).rejects.toThrow(ProvisioningError);
    await expect(provisionStream(jsm, declared, silentLogger)).rejects.toThrow(/storage/);
  });

  it('fails loudly when the server refuses the declaration', async () => {
    const declared = { ...streamConfig(streams.SMS, ns, 1), num_replicas: 3 };
    await expect(provisionStream(jsm, declared, silentLogger)).rejects.toThrow(ProvisioningError);
  });

  it('creates a durable pull consumer and updates its drifted settings', async () => {
    await provisionStream(jsm, streamConfig(streams.SMS, ns, 1), silentLogger);
    const declared = consumerConfig(declaration, ns) as Parameters<typeof provisionConsumer>[2];
    const created = await provisionConsumer(jsm, ns.stream('SMS'), declared, silentLogger);
    expect(created.config).toMatchObject({
      durable_name: ns.durable('profile_sms_inbound_received_v1'),
      filter_subject: ns.subject('sms.inbound.received.v1'),
      max_deliver: 9,
      ack_policy: 'explicit',
    });

    await jsm.consumers.update(ns.stream('SMS'), declared.durable_name, { max_deliver: 2 });
    const repaired = await provisionConsumer(jsm, ns.stream('SMS'), declared, silentLogger);
    expect(repaired.config.max_deliver).toBe(9);
  });

  it('fails loudly when a consumer’s filter differs and cannot be changed in place', async () => {
    await provisionStream(jsm, streamConfig(streams.SMS, ns, 1), silentLogger);
    const declared = consumerConfig(declaration, ns) as Parameters<typeof provisionConsumer>[2];
    await provisionConsumer(jsm, ns.stream('SMS'), declared, silentLogger);
    const moved = { ...declared, filter_subject: ns.subject('sms.outbound.send.v1') };
    await expect(provisionConsumer(jsm, ns.stream('SMS'), moved, silentLogger)).rejects.toThrow(
      /filter_subject/,
    );
  });
});
