import { claimsFor, tokenClaimsSchema } from './token-claims';

const agent = { id: '01970000-0000-7000-8000-00000000a001', role: 'agent' as const };

describe('token claims', () => {
  it('name the agent and role and expire ttl seconds after issue', () => {
    const { claims, expiresAt } = claimsFor(agent, new Date('2025-01-01T08:00:00.700Z'), 28_800);
    expect(claims).toEqual({
      sub: agent.id,
      role: 'agent',
      iat: Date.parse('2025-01-01T08:00:00Z') / 1000,
      exp: Date.parse('2025-01-01T16:00:00Z') / 1000,
    });
    expect(expiresAt.toISOString()).toBe('2025-01-01T16:00:00.000Z');
  });

  it('are refused when the role is not one we know or the subject is not an agent id', () => {
    const { claims } = claimsFor(agent, new Date(), 60);
    expect(tokenClaimsSchema.safeParse(claims).success).toBe(true);
    expect(tokenClaimsSchema.safeParse({ ...claims, role: 'root' }).success).toBe(false);
    expect(tokenClaimsSchema.safeParse({ ...claims, sub: 'alice' }).success).toBe(false);
    expect(tokenClaimsSchema.safeParse({ ...claims, exp: undefined }).success).toBe(false);
  });
});
