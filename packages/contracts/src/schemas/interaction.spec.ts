import { parseEnvelope } from '../codec';
import { ContractError } from '../errors';
import { interactionStateChanged } from './interaction';

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
