import { Inject, Injectable } from '@nestjs/common';
import { AppError, DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { AccessTokens } from '../infra/auth/access-tokens';
import { AgentAccountRepository } from '../infra/database/agent-account.repository';
import { AgentErrorCodes } from './error-codes';

/**
 * Who a bearer token belongs to, for HTTP requests and WebSocket upgrades alike. The account
 * is read on every call, so deactivating an agent shuts them out before their token expires.
 */
@Injectable()
export class AuthenticateUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly accounts: AgentAccountRepository,
    private readonly tokens: AccessTokens,
  ) {}

  async execute(token: string | undefined): Promise<AuthenticatedAgent> {
    return (await this.session(token)).agent;
  }

  /** The agent and when their token expires (a WebSocket lives no longer than its token). */
  async session(token: string | undefined): Promise<{ agent: AuthenticatedAgent; expiresAt: Date }> {
    if (!token) {
      throw new AppError(
        AgentErrorCodes.UNAUTHENTICATED,
        401,
        'a bearer token is required; log in at POST /auth/login',
      );
    }
    const claims = this.tokens.verify(token);
    const account = await this.accounts.findById(this.dataSource.manager, claims.sub);
    if (!account?.active) {
      throw new AppError(AgentErrorCodes.UNAUTHENTICATED, 401, 'the agent account is inactive');
    }
    return {
      agent: {
        id: account.id,
        username: account.username,
        displayName: account.displayName,
        role: account.role,
      },
      expiresAt: new Date(claims.exp * 1_000),
    };
  }
}
