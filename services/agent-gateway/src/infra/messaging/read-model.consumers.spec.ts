import { readModelConsumer } from './read-model.consumers';

const durableName = (subject: Parameters<typeof readModelConsumer>[0]) => readModelConsumer(subject).durable;

describe('read-model consumers', () => {
  it('are named agent-gateway_<subject without version>_v1', () => {
    expect(durableName('interaction.conversation.created.v1')).toBe(
      'agent-gateway_interaction-conversation-created_v1',
    );
    expect(durableName('interaction.conversation.requester-changed.v1')).toBe(
      'agent-gateway_interaction-conversation-requester-changed_v1',
    );
    expect(durableName('sms.outbound.status-changed.v1')).toBe(
      'agent-gateway_sms-outbound-status-changed_v1',
    );
  });

  it('I5: follow routing’s queue and close events on the ROUTING stream', () => {
    expect(readModelConsumer('routing.workitem.queued.v1')).toMatchObject({
      durable: 'agent-gateway_routing-workitem-queued_v1',
      stream: { name: 'ROUTING' },
    });
    expect(readModelConsumer('routing.workitem.closed.v1')).toMatchObject({
      durable: 'agent-gateway_routing-workitem-closed_v1',
      stream: { name: 'ROUTING' },
    });
  });

  it('read the stream that owns their subject, with bounded retries', () => {
    expect(readModelConsumer('routing.offer.created.v1')).toMatchObject({
      stream: { name: 'ROUTING' },
      filterSubject: 'routing.offer.created.v1',
      maxDeliver: 10,
      ackWaitMs: 30_000,
    });
  });
});
