import { Injectable } from '@nestjs/common';
import type { AuthenticatedAgent } from '../domain/agent';
import { type CompanyNumber, companyNumberChoice } from '../domain/company-numbers';
import { CompanyNumbers } from './company-numbers';

/** The company numbers the agent may start from, and the one pre-filled (SPEC, agent-initiated). */
@Injectable()
export class ListCompanyNumbersUseCase {
  constructor(private readonly numbers: CompanyNumbers) {}

  async execute(agent: AuthenticatedAgent): Promise<{ items: CompanyNumber[]; default: string | null }> {
    return companyNumberChoice(await this.numbers.allowedTo(agent));
  }
}
