import { streams } from '@threadline/contracts';
import { ConsumerRegistry, consumerOf } from './consumer-registry';

describe('consumerOf', () => {
  it('names the durable <service>_<subject>_v<major> and reads from the subject’s stream', () => {
    expect(consumerOf('profile', 'sms.inbound.received.v1')).toEqual({
      stream: streams.SMS,
      durable: 'profile_sms-inbound-received_v1',
      filterSubject: 'sms.inbound.received.v1',
      maxDeliver: 10,
      ackWaitMs: 30_000,
      maxAckPending: 1_000,
    });
  });

  it('takes overrides for the delivery limits', () => {
    expect(consumerOf('routing', 'routing.workitem.enqueue.v1', { maxDeliver: 3 })).toMatchObject({
      stream: streams.ROUTING,
      durable: 'routing_routing-workitem-enqueue_v1',
      maxDeliver: 3,
    });
  });
});

describe('ConsumerRegistry', () => {
  it('refuses the same durable twice', () => {
    const registry = new ConsumerRegistry();
    const declaration = consumerOf('profile', 'sms.inbound.received.v1');
    registry.register({ declaration, handler: () => Promise.resolve() });
    expect(() => registry.register({ declaration, handler: () => Promise.resolve() })).toThrow(/twice/);
  });
});
