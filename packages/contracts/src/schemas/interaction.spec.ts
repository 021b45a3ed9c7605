import { parseEnvelope } from '../codec';
import { ContractError } from '../errors';
import { interactionMessageAppended, interactionStateChanged } from './interaction';

const base = {
  interactionId: '0190f1e2-7c4b-7a3e-9b1c-1234567890ab',
  from: 'new',
  to: 'work_in_progress',
  assigneeId: 'agent-alice',
};

function wire(data: Record<string, unknown>) {
  return {
    id: '0190f1e2-7c4b-7a3e-9b1c-1234567890ff',
    type: 'interaction.conversation.state-changed',
    version: 1,
    occurredAt: '2026-11-25T10:00:00.000Z',
    correlationId: null,
    causationId: null,
    data,
  };
}

describe('interaction.conversation.state-changed.v1', () => {
  it('carries from, to, cause and actor', () => {
    const data = { ...base, cause: 'routing_assigned', actor: { kind: 'system', id: null } };
    expect(parseEnvelope('interaction.conversation.state-changed.v1', wire(data)).data).toEqual(data);
  });

  it('still reads an event published before cause and actor existed', () => {
    expect(parseEnvelope('interaction.conversation.state-changed.v1', wire(base)).data).toEqual(base);
  });

  it('refuses a cause that is not in the list', () => {
    expect(() =>
      parseEnvelope('interaction.conversation.state-changed.v1', wire({ ...base, cause: 'gremlins' })),
    ).toThrow(ContractError);
  });

  it('refuses an actor of an unknown kind', () => {
    const data = { ...base, actor: { kind: 'robot', id: 'r2' } };
    expect(interactionStateChanged.safeParse(data).success).toBe(false);
  });
});

describe('interaction.message.appended.v1', () => {
  const message = {
    interactionId: '0190f1e2-7c4b-7a3e-9b1c-1234567890ab',
    messageId: '0190f1e2-7c4b-7a3e-9b1c-1234567890ac',
    direction: 'internal',
    author: { kind: 'system', id: null },
    body: 'Waiting in the queue for an agent.',
    media: [],
    occurredAt: '2026-11-25T10:00:00.000Z',
    gatewaySequence: null,
  };
  const appended = (data: Record<string, unknown>) => ({
    ...wire(data),
    type: 'interaction.message.appended',
  });

  it('S1: carries whether the requester sees the entry', () => {
    const data = { ...message, visibility: 'agents_only' };
    expect(parseEnvelope('interaction.message.appended.v1', appended(data)).data).toEqual(data);
  });

  it('still reads an event published before visibility existed', () => {
    expect(parseEnvelope('interaction.message.appended.v1', appended(message)).data).toEqual(message);
  });

  it('refuses a visibility that is not in the list', () => {
    expect(interactionMessageAppended.safeParse({ ...message, visibility: 'everyone' }).success).toBe(false);
  });
});
