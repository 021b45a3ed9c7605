import {
  createEnvelope,
  type Envelope,
  type queries,
  type RequestOf,
  type ResponseOf,
  type Subject,
} from '@threadline/contracts';
import { AppError, type Outbox } from '@threadline/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  type ActiveInteractionSummary,
  type AgentStartRule,
  needsConfirmation,
  planAgentStart,
} from '../domain/agent-start';
import { refuseSegments } from '../domain/agent-send';
import { type Actor, LIFECYCLE_DEFAULTS, transition } from '../domain/interaction-transition';
import { type InteractionRow, InteractionRepository } from '../infra/interaction.repository';
import { applyTransition, type CommittedStateChange } from './apply-transition';
import { optedOutError } from './opted-out-error';
import type { RequesterOptOuts } from './requester-opt-outs';
import type { TranscriptWriter } from './transcript-writer';

type Plan = typeof queries.planAgentStart;
type Start = typeof queries.startAgentConversation;
type StartRequest = RequestOf<Start>;

const SYSTEM = { kind: 'system', id: null } as const satisfies Actor;

function summary(row: InteractionRow): ActiveInteractionSummary {
  return {
    interactionId: row.id,
    state: row.state,
    assigneeId: row.assigneeId,
    requesterUserId: row.requesterUserId,
    handledBy: row.handledBy === 'virtual_agent' ? 'virtual_agent' : 'agents',
  };
}

/**
 * SPEC A1–A4: an agent starts an SMS conversation. The plan is read without locks (what the agent
 * is shown first); the start decides again under the phone pair's lock, so it acts on what is
 * true when it commits. Two agents starting A1 at once make one interaction: the one-active-per-
 * pair index lets one insert win, and the other, waiting on it, joins it as A2.
 */
export class StartAgentConversationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly writer: TranscriptWriter,
    /** SMS_MAX_SEGMENTS */
    private readonly maxSegments: number,
    private readonly optOuts: RequesterOptOuts,
  ) {}

  async plan(request: RequestOf<Plan>): Promise<ResponseOf<Plan>> {
    const [row, optOut] = await Promise.all([
      new InteractionRepository(this.dataSource.manager).findActive(
        request.requesterAddress,
        request.companyAddress,
      ),
      this.optOuts.current(this.dataSource.manager, request),
    ]);
    const active = row ? summary(row) : null;
    return {
      ...planAgentStart(active, request.intendedUserId),
      active,
      optedOut: optOut ? { since: optOut.changedAt, source: optOut.source, keyword: optOut.keyword } : null,
    };
  }

  start(request: StartRequest): Promise<ResponseOf<Start>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new InteractionRepository(manager);
      const earlier = await repository.findAgentStart(request.messageId);
      if (earlier) {
        return {
          rule: earlier.rule ?? 'A2',
          interactionId: earlier.interactionId,
          messageId: request.messageId,
          closedInteractionId: null,
          stateChanges: [],
        };
      }
      const tooLong = refuseSegments(request.body, this.maxSegments);
      if (tooLong) throw new AppError(tooLong.code, tooLong.status, tooLong.message, tooLong.details);
      const active = await repository.lockActive(request.requesterAddress, request.companyAddress);
      // SPEC S2: refused before anything changes (an A3/A4 would otherwise close a conversation).
      // Taken after the interaction's lock, in the order a keyword message takes them.
      const optOut = await this.optOuts.optedOutForSend(manager, request);
      if (optOut) throw optedOutError(optOut);
      const { rule, warning } = planAgentStart(active ? summary(active) : null, request.intendedUserId);
      if (needsConfirmation(rule) && !request.acknowledged) {
        throw new AppError('CONFIRMATION_REQUIRED', 409, warning ?? 'confirm before sending', {
          rule,
          warning,
          activeInteractionId: active?.id ?? null,
        });
      }
      const stateChanges: CommittedStateChange[] = [];
      let closedInteractionId: string | null = null;
      let target: InteractionRow;
      let applied: AgentStartRule = rule;
      if (rule === 'A2') {
        target = active!;
        await repository.addParticipant(target.id, request.agentId);
      } else {
        if (active) {
          // A3/A4: the conversation the VA or another person had is closed by the system.
          const closed = transition(active.state, { type: 'end', outcome: 'complete' }, SYSTEM, {
            ...LIFECYCLE_DEFAULTS,
            now: new Date(),
          });
          if (!closed.ok) throw new AppError(closed.code, 409, closed.message);
          stateChanges.push(
            (await applyTransition(manager, this.outbox, active, closed, SYSTEM, null)).committed,
          );
          closedInteractionId = active.id;
        }
        const opened = await this.open(manager, request, stateChanges);
        if (opened) {
          target = opened;
        } else {
          // Another agent's A1 for the pair committed first: join theirs (A2).
          target = (await repository.lockActive(request.requesterAddress, request.companyAddress))!;
          await repository.addParticipant(target.id, request.agentId);
          applied = 'A2';
        }
      }
      const sent = await this.writer.sendToRequester(manager, target, {
        authorKind: 'agent',
        authorId: request.agentId,
        body: request.body,
        messageId: request.messageId,
      });
      if (sent.kind === 'opted_out') throw optedOutError(sent.optOut);
      // The message id was looked up above under the pair's lock: it is new here.
      if (sent.kind === 'duplicate')
        throw new Error(`message ${request.messageId} appeared in a transcript meanwhile`);
      await repository.markAgentStart(request.messageId, applied);
      return {
        rule: applied,
        interactionId: target.id,
        messageId: request.messageId,
        closedInteractionId,
        stateChanges,
      };
    });
  }

  /** A1 (and the new half of A3/A4): an interaction assigned to the agent, or null if the pair has one. */
  private async open(
    manager: EntityManager,
    request: StartRequest,
    stateChanges: CommittedStateChange[],
  ): Promise<InteractionRow | null> {
    const repository = new InteractionRepository(manager);
    const created = await repository.insertIfNoneActive({
      id: uuidv7(),
      requesterAddress: request.requesterAddress,
      companyAddress: request.companyAddress,
      requesterUserId: request.requesterUserId,
      profileId: request.profileId,
      identityConflict: false,
      identityConflictReason: null,
      requesterAuditId: null,
      initiatedBy: 'agent',
      state: 'new',
      assigneeId: null,
      handledBy: 'routing',
    });
    if (!created) return null;
    const agent: Actor = { kind: 'agent', id: request.agentId, role: 'agent', isAssignee: false };
    const assigned = transition('new', { type: 'assign', agentId: request.agentId }, agent, {
      ...LIFECYCLE_DEFAULTS,
      now: new Date(),
    });
    if (!assigned.ok) throw new Error(`a new interaction refused its agent: ${assigned.message}`);
    const options = { correlationId: created.id };
    const events: Array<Envelope<Subject>> = [
      createEnvelope(
        'interaction.conversation.created.v1',
        {
          interactionId: created.id,
          channel: 'sms',
          requesterAddress: request.requesterAddress,
          companyAddress: request.companyAddress,
          requesterUserId: request.requesterUserId,
          profileId: request.profileId,
          initiatedBy: 'agent',
          state: 'new',
          identityConflict: false,
          identityConflictReason: null,
        },
        options,
      ),
    ];
    await this.outbox.add(manager, events);
    const { row, committed } = await applyTransition(manager, this.outbox, created, assigned, agent, null);
    stateChanges.push(committed);
    // Routing records it as the agent's (it counts against their capacity) instead of offering it.
    await this.outbox.add(manager, [
      createEnvelope(
        'routing.workitem.enqueue.v1',
        {
          interactionId: created.id,
          channel: 'sms',
          priority: 0,
          attributes: { companyAddress: request.companyAddress, requesterAddress: request.requesterAddress },
          assignedTo: request.agentId,
        },
        options,
      ),
    ]);
    return row;
  }
}
