import { Inject, Injectable } from '@nestjs/common';
import { AppError, CONFIG } from '@threadline/platform';
import { JsonWebTokenError, sign, TokenExpiredError, verify } from 'jsonwebtoken';
import { AgentErrorCodes } from '../../app/error-codes';
import type { AgentGatewayConfig } from '../../config';
import type { AgentRole } from '../../domain/agent';
import { claimsFor, type TokenClaims, tokenClaimsSchema } from '../../domain/token-claims';

/** HS256 JWTs carrying {@link TokenClaims}. */
@Injectable()
export class AccessTokens {
  constructor(@Inject(CONFIG) private readonly config: AgentGatewayConfig) {}

  issue(agent: { id: string; role: AgentRole }, now = new Date()): { token: string; expiresAt: Date } {
    const { claims, expiresAt } = claimsFor(agent, now, this.config.AUTH_TOKEN_TTL_SECONDS);
    return { token: sign(claims, this.config.AUTH_JWT_SECRET, { algorithm: 'HS256' }), expiresAt };
  }

  /** The token's claims, or a 401 saying whether it expired or is not ours at all. */
  verify(token: string): TokenClaims {
    let payload: unknown;
    try {
      // Only HS256: never let a token choose its own algorithm (`none`, or RS256 with our secret).
      payload = verify(token, this.config.AUTH_JWT_SECRET, { algorithms: ['HS256'] });
    } catch (error) {
      if (error instanceof TokenExpiredError) {
        throw new AppError(AgentErrorCodes.TOKEN_EXPIRED, 401, 'the access token has expired; log in again');
      }
      if (error instanceof JsonWebTokenError) {
        throw new AppError(
          AgentErrorCodes.TOKEN_INVALID,
          401,
          'the access token is malformed or not signed by us',
        );
      }
      throw error;
    }
    const claims = tokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new AppError(AgentErrorCodes.TOKEN_INVALID, 401, 'the access token does not carry agent claims');
    }
    return claims.data;
  }
}
