import { Inject, Injectable } from '@nestjs/common';
import { type CountryCode, queries, type ResponseOf, toE164 } from '@threadline/contracts';
import { AppError, CONFIG, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { AgentGatewayConfig } from '../config';
import type { AuthenticatedAgent } from '../domain/agent';
import type { CompanyNumber } from '../domain/company-numbers';
import { isUuid } from '../domain/ids';
import { askOwner } from './ask-owner';
import { CompanyNumbers } from './company-numbers';
import { AgentErrorCodes } from './error-codes';

export type DirectoryUser = ResponseOf<typeof queries.searchDirectory>['users'][number];

/** What the agent asked for: a company number, and a number, a directory user, or both. */
export interface OutboundTargetRequest {
  companyAddress: string;
  to?: string;
  userId?: string;
}

/** The phone pair an agent is about to text, checked, and the directory user they mean to contact. */
export interface OutboundTarget {
  company: CompanyNumber;
  /** E.164. */
  requesterAddress: string;
  /** Null when the agent typed a number without picking anyone. */
  user: DirectoryUser | null;
}

function e164OrRefuse(text: string, region: CountryCode, field: string): string {
  const address = toE164(text, region);
  if (address === null) {
    throw new AppError(
      AgentErrorCodes.PHONE_NUMBER_INVALID,
      400,
      `${field} "${text.slice(0, 64)}" is not a phone number`,
      { field },
    );
  }
  return address;
}

/**
 * Checks the pair of an agent-initiated conversation, cheapest first and before anything is
 * asked of interaction: both numbers are phone numbers (any common format, the contracts'
 * rule, SMS_DEFAULT_REGION), the company number is one the agent may use, and a picked user
 * exists, is active and, when no number was typed, has a mobile to text.
 */
@Injectable()
export class OutboundTargets {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
    private readonly companyNumbers: CompanyNumbers,
  ) {}

  async resolve(
    agent: Pick<AuthenticatedAgent, 'id' | 'role'>,
    request: OutboundTargetRequest,
  ): Promise<OutboundTarget> {
    const region = this.config.SMS_DEFAULT_REGION;
    const companyAddress = e164OrRefuse(request.companyAddress, region, 'companyAddress');
    const typed = request.to === undefined ? null : e164OrRefuse(request.to, region, 'to');
    const company = await this.companyNumbers.check(agent, companyAddress);
    const user = request.userId === undefined ? null : await this.user(request.userId);
    const requesterAddress = typed ?? user?.mobile ?? null;
    if (requesterAddress === null) {
      // Only a user was given (the schema asks for one of the two), and they have no mobile.
      throw new AppError(
        AgentErrorCodes.USER_HAS_NO_MOBILE,
        400,
        `${user?.name ?? 'the user'} has no mobile number in the directory; give the number to text as "to"`,
        { userId: request.userId },
      );
    }
    return { company, requesterAddress, user };
  }

  private async user(userId: string): Promise<DirectoryUser> {
    // Profile searches names for a text that is not an id, so only an id is asked by id.
    const found = isUuid(userId)
      ? (await askOwner(this.runtime, queries.searchDirectory, { query: userId, limit: 1 })).users.find(
          (user) => user.userId === userId,
        )
      : undefined;
    if (!found) {
      throw new AppError(AgentErrorCodes.USER_NOT_FOUND, 404, `no directory user ${userId.slice(0, 64)}`, {
        userId,
      });
    }
    if (!found.active) {
      throw new AppError(AgentErrorCodes.USER_INACTIVE, 409, `${found.name} left the directory`, { userId });
    }
    return found;
  }
}
