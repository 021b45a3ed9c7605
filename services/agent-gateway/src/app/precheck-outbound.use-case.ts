import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { DATA_SOURCE, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { type AgentStartRule, needsConfirmation } from '../domain/agent-start';
import { isUuid } from '../domain/ids';
import { AgentAccountRepository } from '../infra/database/agent-account.repository';
import { askOwner } from './ask-owner';
import { type OutboundTargetRequest, OutboundTargets } from './outbound-target';

type Plan = ResponseOf<typeof queries.planAgentStart>;
type Lookup = ResponseOf<typeof queries.lookupRequester>;
type InteractionState = NonNullable<Plan['active']>['state'];

/** The phone pair's ongoing conversation, as the new-SMS dialog shows it before sending. */
export interface ActiveConversation {
  interactionId: string;
  state: InteractionState;
  handledBy: 'virtual_agent' | 'agents';
  assigneeId: string | null;
  assigneeName: string | null;
  requesterUserId: string;
  /** Null for the guest, or a user the directory no longer lists. */
  requesterName: string | null;
}

export interface OutboundPrecheck {
  companyAddress: string;
  companyLabel: string;
  requesterAddress: string;
  /** The directory user the agent picked; null when they only typed a number. */
  intendedUserId: string | null;
  rule: AgentStartRule;
  warning: string | null;
  /** SPEC A3/A4: sending needs `acknowledgeWarning: true`. */
  confirmationRequired: boolean;
  /** Who the number is attributed to now (profile's lookup, read-only). */
  requester: { userId: string; name: string | null; profileId: string | null };
  /** The pair's ongoing conversation, if any (SPEC: shown before sending). */
  active: ActiveConversation[];
  /** SPEC S2: the number opted out of this company number: starting is refused (409 RECIPIENT_OPTED_OUT). */
  optedOut: Plan['optedOut'];
}

/** The names profile gave us for users we may have to show. */
function namesOf(lookup: Lookup, picked: { userId: string; name: string } | null): Map<string, string> {
  const users = [...lookup.directoryUsers, ...(lookup.profile?.user ? [lookup.profile.user] : [])];
  return new Map([...users, ...(picked ? [picked] : [])].map((user) => [user.userId, user.name]));
}

/**
 * SPEC "Agent-initiated conversations": what starting an SMS to this pair would do (A1–A4),
 * its warning, and the pair's ongoing conversation, without changing anything.
 */
@Injectable()
export class PrecheckOutboundUseCase {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly targets: OutboundTargets,
    private readonly accounts: AgentAccountRepository,
  ) {}

  async execute(agent: AuthenticatedAgent, request: OutboundTargetRequest): Promise<OutboundPrecheck> {
    const { company, requesterAddress, user } = await this.targets.resolve(agent, request);
    const [plan, lookup] = await Promise.all([
      askOwner(this.runtime, queries.planAgentStart, {
        agentId: agent.id,
        companyAddress: company.address,
        requesterAddress,
        intendedUserId: user?.userId ?? null,
      }),
      askOwner(this.runtime, queries.lookupRequester, { address: requesterAddress }),
    ]);
    const names = namesOf(lookup, user);
    const active: ActiveConversation[] = [];
    if (plan.active) {
      const assignee =
        plan.active.assigneeId && isUuid(plan.active.assigneeId)
          ? await this.accounts.findById(this.dataSource.manager, plan.active.assigneeId)
          : null;
      active.push({
        interactionId: plan.active.interactionId,
        state: plan.active.state,
        handledBy: plan.active.handledBy,
        assigneeId: plan.active.assigneeId,
        assigneeName: assignee?.displayName ?? null,
        requesterUserId: plan.active.requesterUserId,
        requesterName: names.get(plan.active.requesterUserId) ?? null,
      });
    }
    return {
      companyAddress: company.address,
      companyLabel: company.label,
      requesterAddress,
      intendedUserId: user?.userId ?? null,
      rule: plan.rule,
      warning: plan.warning,
      confirmationRequired: needsConfirmation(plan.rule),
      requester: {
        userId: lookup.requesterUserId,
        name: names.get(lookup.requesterUserId) ?? null,
        profileId: lookup.profile?.profileId ?? null,
      },
      active,
      optedOut: plan.optedOut,
    };
  }
}
