import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { type AuthenticatedAgent, normaliseUsername } from '../domain/agent';
import { hashPassword, verifyPassword } from '../domain/password';
import { AccessTokens } from '../infra/auth/access-tokens';
import { AgentAccountRepository } from '../infra/database/agent-account.repository';
import { AgentErrorCodes } from './error-codes';

export interface LoginCommand {
  username: string;
  password: string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  agent: AuthenticatedAgent;
}

@Injectable()
export class LoginUseCase {
  /** Verified against when the username is unknown, so that answer takes as long as a wrong password. */
  private decoy?: Promise<string>;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly accounts: AgentAccountRepository,
    private readonly tokens: AccessTokens,
  ) {}

  /** One answer for an unknown username, a wrong password and an inactive account. */
  async execute(command: LoginCommand): Promise<LoginResult> {
    const account = await this.accounts.findByUsername(
      this.dataSource.manager,
      normaliseUsername(command.username),
    );
    const matches = await verifyPassword(command.password, account?.passwordHash ?? (await this.decoyHash()));
    if (!account || !matches || !account.active) {
      throw new AppError(AgentErrorCodes.INVALID_CREDENTIALS, 401, 'wrong username or password');
    }
    const agent: AuthenticatedAgent = {
      id: account.id,
      username: account.username,
      displayName: account.displayName,
      role: account.role,
    };
    const { token, expiresAt } = this.tokens.issue(agent);
    return { token, expiresAt: expiresAt.toISOString(), agent };
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= hashPassword(randomBytes(24).toString('base64url'));
    return this.decoy;
  }
}
