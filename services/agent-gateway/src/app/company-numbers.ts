import { Inject, Injectable } from '@nestjs/common';
import { AppError, DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { type CompanyNumber, usesEveryCompanyNumber } from '../domain/company-numbers';
import { CompanyNumberRepository } from '../infra/database/company-number.repository';
import { AgentErrorCodes } from './error-codes';

/** The company numbers an agent may start SMS conversations from (docs/agent-initiated.md). */
@Injectable()
export class CompanyNumbers {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly numbers: CompanyNumberRepository,
  ) {}

  allowedTo(agent: Pick<AuthenticatedAgent, 'id' | 'role'>): Promise<CompanyNumber[]> {
    const manager = this.dataSource.manager;
    return usesEveryCompanyNumber(agent.role)
      ? this.numbers.all(manager)
      : this.numbers.forAgent(manager, agent.id);
  }

  /** `address` (E.164) if the agent may use it; else 403 COMPANY_NUMBER_NOT_ALLOWED. */
  async check(agent: Pick<AuthenticatedAgent, 'id' | 'role'>, address: string): Promise<CompanyNumber> {
    const allowed = (await this.allowedTo(agent)).find((number) => number.address === address);
    if (!allowed) {
      throw new AppError(
        AgentErrorCodes.COMPANY_NUMBER_NOT_ALLOWED,
        403,
        `you may not start conversations from ${address}`,
        { companyAddress: address },
      );
    }
    return allowed;
  }
}
