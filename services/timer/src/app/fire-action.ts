import { createEnvelope, queries } from '@threadline/contracts';
import { type Outbox, QueryError, type ServiceRuntime } from '@threadline/platform';
import type { Logger } from 'pino';
import {
  type ConversationNow,
  decideFiring,
  factsNeeded,
  type FiringAction,
  type FiringDecision,
} from '../domain/firing';
import { type TimerRecord, TimerRepository } from '../infra/timer.repository';
import type { ActionCatalog } from './action-catalog';
import type { FireTimer } from './timer-scheduler';
import type { TimerMetrics } from './timer-metrics';

/** The part of the runtime that asks other services; a fake in tests. */
export type OwnerAsker = Pick<ServiceRuntime, 'ask'>;

export interface FireActionOptions {
  /** How long the owner of a conversation has to answer before the firing is retried. */
  askTimeoutMs: number;
}

/** What preparing a due timer worked out: the action as it is, the decision, and whether it asked. */
export interface PreparedFiring {
  action: FiringAction | null;
  decision: FiringDecision;
  /** Whether the conversation's owner was asked (only then does the event name the assignee). */
  asked: boolean;
}

/**
 * What a due timer does (SPEC M4, M5). Preparing it evaluates the action's filter against the
 * conversation as its owner answers now, before anything is written; writing the batch records
 * each timer's outcome and puts a `timer.action.fired.v1` for each match in the outbox, in the
 * transaction that claimed them, so a timer fires at most once. The timer id is the firing's id:
 * the services that carry the action out do it once per timer.
 *
 * An owner that does not answer (down, or too slow) fails the preparing: that timer goes back and
 * is tried again later. An owner that refuses the question counts as not knowing the conversation.
 */
export class FireActionUseCase {
  constructor(
    private readonly actions: ActionCatalog,
    private readonly owners: OwnerAsker,
    private readonly outbox: Outbox,
    private readonly metrics: TimerMetrics,
    private readonly options: FireActionOptions,
    private readonly logger: Logger,
  ) {}

  readonly firing: FireTimer<PreparedFiring> = {
    prepare: async (timer) => {
      const action: FiringAction | null = await this.actions.find(timer.actionId);
      const now = action?.active ? await this.conversationNow(timer, action) : null;
      return { action, decision: decideFiring(action, now), asked: now !== null };
    },
    write: async (batch, manager) => {
      await new TimerRepository(manager).recordOutcomes(
        batch.map(({ timer, prepared }) => ({ timerId: timer.id, outcome: prepared.decision.outcome })),
      );
      await this.outbox.add(
        manager,
        batch.flatMap(({ timer, prepared }) => {
          const { action, decision, asked } = prepared;
          if (!decision.run || !action) return [];
          return [
            createEnvelope(
              'timer.action.fired.v1',
              {
                timerId: timer.id,
                interactionId: timer.interactionId,
                actionId: timer.actionId,
                actionName: action.name,
                action: decision.effect,
                // Only what the owner said: unasked, who holds it is unknown here (not "nobody").
                ...(asked ? { assigneeId: decision.assigneeId } : {}),
                deadline: timer.dueAt.toISOString(),
                firedAt: (timer.firedAt ?? new Date()).toISOString(),
              },
              { correlationId: timer.interactionId, causationId: null },
            ),
          ];
        }),
      );
      // Counted and logged once the claim committed: a firing that goes back is neither.
      return () => {
        for (const { timer, prepared } of batch) {
          const latenessMs = (timer.firedAt ?? new Date()).getTime() - timer.dueAt.getTime();
          const outcome = prepared.decision.outcome;
          this.metrics.fired(outcome, prepared.action?.action.kind ?? 'unknown', latenessMs);
          this.logger.info(
            {
              timerId: timer.id,
              interactionId: timer.interactionId,
              actionId: timer.actionId,
              outcome,
              latenessMs,
            },
            'timer fired',
          );
        }
      };
    },
  };

  private async conversationNow(timer: TimerRecord, action: FiringAction): Promise<ConversationNow | null> {
    const needed = factsNeeded(action);
    if (!needed.interaction && !needed.routing) return null;
    const { interactionId } = timer;
    try {
      const answer = await this.owners.ask(
        queries.interactionFacts,
        { interactionId },
        this.options.askTimeoutMs,
      );
      const now: ConversationNow = { ...answer, facts: { ...answer.facts } };
      if (needed.routing && answer.found) {
        const { workItem } = await this.owners.ask(
          queries.workItemOfInteraction,
          { interactionId },
          this.options.askTimeoutMs,
        );
        now.facts = { ...now.facts, queueId: workItem?.queueId };
      }
      return now;
    } catch (error) {
      if (
        error instanceof QueryError &&
        error.status !== undefined &&
        error.status >= 400 &&
        error.status < 500
      ) {
        this.logger.warn({ err: error, interactionId }, 'the owner refused to describe the conversation');
        return { found: false, state: null, assigneeId: null, facts: {} };
      }
      throw error;
    }
  }
}
