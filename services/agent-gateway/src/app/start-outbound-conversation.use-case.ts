import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { AppError, DATA_SOURCE, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { AuthenticatedAgent } from '../domain/agent';
import { needsConfirmation, type StartedConversation, withStartedConversation } from '../domain/agent-start';
import { profileActorOf } from '../domain/profile-access';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { ReadModelConsumers } from '../infra/messaging/read-model.consumers';
import { askOwner } from './ask-owner';
import { AgentErrorCodes } from './error-codes';
import { type DirectoryUser, type OutboundTargetRequest, OutboundTargets } from './outbound-target';
import { stateChangedEnvelope } from './own-writes';

type Plan = ResponseOf<typeof queries.planAgentStart>;
type Started = ResponseOf<typeof queries.startAgentConversation>;

export interface StartOutboundCommand extends OutboundTargetRequest {
  body: string;
  /** Lets a client retry a start without sending twice; generated when absent. */
  clientMessageId?: string;
  /** The agent saw the A3/A4 warning and sends anyway. */
  acknowledgeWarning: boolean;
}

export type StartedOutbound = Pick<Started, 'rule' | 'interactionId' | 'messageId' | 'closedInteractionId'>;

/** SPEC S2: refused before profile or interaction is asked to change anything (A4 would). */
function recipientOptedOut(optedOut: NonNullable<Plan['optedOut']>): AppError {
  const how = optedOut.source === 'keyword' ? `by texting ${optedOut.keyword}` : 'with the provider';
  return new AppError(
    AgentErrorCodes.RECIPIENT_OPTED_OUT,
    409,
    `the requester opted out of messages from this number ${how} on ${optedOut.since}; nothing was sent`,
    optedOut,
  );
}

function confirmationRequired(plan: Plan): AppError {
  return new AppError(AgentErrorCodes.CONFIRMATION_REQUIRED, 409, plan.warning ?? 'confirm before sending', {
    rule: plan.rule,
    warning: plan.warning,
    activeInteractionId: plan.active?.interactionId ?? null,
  });
}

/**
 * SPEC A1–A4: an agent starts an SMS conversation. Everything is checked before anything is
 * sent or changed (the body by the controller, the pair and user by {@link OutboundTargets});
 * the plan comes next, and an A3/A4 the agent has not acknowledged stops here, so an A4's
 * profile is replaced only once the agent confirmed. Interaction decides again under the pair's
 * lock and refuses in turn if the pair changed meanwhile. Its committed state changes are
 * projected before the answer (read your own writes), so Ongoing lists the conversation at once.
 */
@Injectable()
export class StartOutboundConversationUseCase {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly targets: OutboundTargets,
    private readonly conversations: ConversationViewRepository,
    private readonly readModels: ReadModelConsumers,
  ) {}

  async execute(agent: AuthenticatedAgent, command: StartOutboundCommand): Promise<StartedOutbound> {
    const { company, requesterAddress, user } = await this.targets.resolve(agent, command);
    const pair = {
      agentId: agent.id,
      companyAddress: company.address,
      requesterAddress,
      intendedUserId: user?.userId ?? null,
    };
    const plan = await askOwner(this.runtime, queries.planAgentStart, pair);
    if (plan.optedOut) throw recipientOptedOut(plan.optedOut);
    if (needsConfirmation(plan.rule) && !command.acknowledgeWarning) throw confirmationRequired(plan);
    const requester = await this.requesterFor(agent, plan, requesterAddress, user);
    const started = await askOwner(this.runtime, queries.startAgentConversation, {
      ...pair,
      ...requester,
      messageId: command.clientMessageId ?? uuidv7(),
      body: command.body,
      acknowledged: command.acknowledgeWarning,
    });
    await this.show(started, {
      requesterAddress,
      companyAddress: company.address,
      // A2 joined a conversation interaction already had, with its own requester.
      requester: started.rule === 'A2' ? null : requester,
    });
    return {
      rule: started.rule,
      interactionId: started.interactionId,
      messageId: started.messageId,
      closedInteractionId: started.closedInteractionId,
    };
  }

  /**
   * Who the new interaction's requester is. A4: the number's profile is replaced by one for the
   * intended user, unless it already points to them (a retry after the replacement went through).
   * Otherwise the picked user, or whoever the number resolves to now.
   */
  private async requesterFor(
    agent: AuthenticatedAgent,
    plan: Plan,
    address: string,
    user: DirectoryUser | null,
  ): Promise<{ requesterUserId: string; profileId: string | null }> {
    const lookup = await askOwner(this.runtime, queries.lookupRequester, { address });
    if (plan.rule === 'A4' && user && lookup.profile?.userId !== user.userId) {
      const replaced = await askOwner(this.runtime, queries.replaceProfile, {
        address,
        userId: user.userId,
        actor: profileActorOf(agent),
        reason: `A4: agent ${agent.username} contacted ${user.name}`.slice(0, 500),
      });
      return { requesterUserId: replaced.profile.requesterUserId, profileId: replaced.profile.profileId };
    }
    return {
      requesterUserId: user?.userId ?? lookup.requesterUserId,
      profileId: lookup.profile?.profileId ?? null,
    };
  }

  private async show(started: Started, conversation: StartedConversation): Promise<void> {
    if (started.rule !== 'A2') {
      await this.dataSource.transaction(async (manager) => {
        await this.conversations.lock(manager, started.interactionId);
        const before = await this.conversations.findOrEmpty(manager, started.interactionId);
        await this.conversations.save(manager, withStartedConversation(before, conversation, new Date()));
      });
    }
    for (const change of started.stateChanges) {
      await this.readModels.applyOwnWrite(
        'interaction.conversation.state-changed.v1',
        stateChangedEnvelope(change),
      );
    }
  }
}
