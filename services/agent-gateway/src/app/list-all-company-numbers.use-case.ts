import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AgentRole } from '../domain/agent';
import { EVERY_NUMBER_ROLES } from '../domain/company-numbers';
import {
  CompanyNumberRepository,
  type CompanyNumberWithAgents,
} from '../infra/database/company-number.repository';

/**
 * The company numbers agent-gateway knows and who may start conversations from each, for admins.
 * Read-only: the rows come from the seed. A number's greeting and virtual agent are the
 * interaction service's settings file, which no query exposes.
 */
@Injectable()
export class ListAllCompanyNumbersUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly numbers: CompanyNumberRepository,
  ) {}

  async execute(): Promise<{ items: CompanyNumberWithAgents[]; everyNumberRoles: AgentRole[] }> {
    return {
      items: await this.numbers.allWithAgents(this.dataSource.manager),
      everyNumberRoles: [...EVERY_NUMBER_ROLES],
    };
  }
}
