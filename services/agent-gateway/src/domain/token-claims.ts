import { z } from 'zod';
import { AGENT_ROLES, type AgentRole } from './agent';

/** What an access token says: who (`sub`, the agent id), as what role, until when. */
export interface TokenClaims {
  sub: string;
  role: AgentRole;
  /** Seconds since the epoch, as JWT has it. */
  iat: number;
  exp: number;
}

/** A verified token's payload must still have this shape before anyone is let in. */
export const tokenClaimsSchema = z.object({
  sub: z.uuid(),
  role: z.enum(AGENT_ROLES),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
});

/** Claims for a token issued at `now` that lasts `ttlSeconds`, and when it expires. */
export function claimsFor(
  agent: { id: string; role: AgentRole },
  now: Date,
  ttlSeconds: number,
): { claims: TokenClaims; expiresAt: Date } {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  return { claims: { sub: agent.id, role: agent.role, iat, exp }, expiresAt: new Date(exp * 1000) };
}
