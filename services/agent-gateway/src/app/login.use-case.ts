import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { type AuthenticatedAgent, normaliseUsername } from '../domain/agent';
import { hashPassword, verifyPassword } from '../domain/password';
import { AccessTokens } from '../infra/auth/access-tokens';
import { LoginLimiter } from '../infra/auth/login-limiter';
import { AgentAccountRepository } from '../infra/database/agent-account.repository';
import { AgentErrorCodes } from './error-codes';

export interface LoginCommand {
  username: string;
  password: string;
  /** The client's address (domain/login-limits' clientAddress), for the per-address limit. */
  address: string;
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
    private readonly limiter: LoginLimiter,
  ) {}

  /**
   * One answer for an unknown username, a wrong password and an inactive account; each of them
   * counts as a failure against the username and the address. Over a limit, 429 before any
   * password is checked, so a guesser learns nothing more until the window ends.
   */
  async execute(command: LoginCommand): Promise<LoginResult> {
    const username = normaliseUsername(command.username);
    const attempt = await this.limiter.begin(username, command.address);
    let account: Awaited<ReturnType<AgentAccountRepository['findByUsername']>>;
    let matches: boolean;
    try {
      account = await this.accounts.findByUsername(this.dataSource.manager, username);
      matches = await verifyPassword(command.password, account?.passwordHash ?? (await this.decoyHash()));
    } catch (error) {
      await attempt.abandoned();
      throw error;
    }
    if (!account || !matches || !account.active) {
      throw new AppError(AgentErrorCodes.INVALID_CREDENTIALS, 401, 'wrong username or password');
    }
    await attempt.succeeded();
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
