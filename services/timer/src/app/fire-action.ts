import { createEnvelope, type QueryDefinition, queries } from '@threadline/contracts';
import { type Outbox, QueryError } from '@threadline/platform';
import type { Logger } from 'pino';
import { type ConversationNow, decideFiring, factsNeeded, type FiringAction } from '../domain/firing';
import type { StoredAction } from '../infra/messaging-action.repository';
import { type TimerRecord, TimerRepository } from '../infra/timer.repository';
import type { ActionCatalog } from './action-catalog';
import type { FireTimer } from './timer-scheduler';
import type { TimerMetrics } from './timer-metrics';

/** The part of the runtime that asks other services; a fake in tests. */
export interface OwnerAsker {
  ask<Request, Response>(
    query: QueryDefinition<Request, Response>,
    request: Request,
    timeoutMs?: number,
  ): Promise<Response>;
}

export interface FireActionOptions {
  /** How long the owner of a conversation has to answer before the firing is retried. */
  askTimeoutMs: number;
}

function firingActionOf(action: StoredAction | null): FiringAction | null {
  if (!action) return null;
  return {
    id: action.id,
    name: action.name,
    active: action.active,
    condition: action.condition,
    action: action.action,
  };
}

/**
 * What a due timer does (SPEC M4, M5), inside the transaction that claimed it: the action's filter
 * is evaluated against the conversation as its owner answers now; a match writes
 * `timer.action.fired.v1` to the outbox, so the claim and the firing commit together and a timer
 * fires at most once. The timer id is the firing's id: the services that carry the action out do
 * it once per timer. Every timer records its outcome.
 *
 * An owner that does not answer (down, or too slow) fails the firing: the claim rolls back and the
 * scheduler tries again a second later. An owner that refuses the question counts as not knowing
 * the conversation.
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

  readonly fire: FireTimer = async (timer, manager) => {
    const action = firingActionOf(await this.actions.find(timer.actionId, manager));
    const now = action?.active ? await this.conversationNow(timer, action) : null;
    const decision = decideFiring(action, now);
    await new TimerRepository(manager).recordOutcome(timer.id, decision.outcome);
    if (decision.run) {
      const firedAt = timer.firedAt ?? new Date();
      await this.outbox.add(manager, [
        createEnvelope(
          'timer.action.fired.v1',
          {
            timerId: timer.id,
            interactionId: timer.interactionId,
            actionId: timer.actionId,
            actionName: action!.name,
            action: decision.effect,
            // Only what the owner said: without asking, who holds it is unknown here (not "nobody").
            ...(now ? { assigneeId: decision.assigneeId } : {}),
            deadline: timer.dueAt.toISOString(),
            firedAt: firedAt.toISOString(),
          },
          { correlationId: timer.interactionId, causationId: null },
        ),
      ]);
    }
    const latenessMs = (timer.firedAt ?? new Date()).getTime() - timer.dueAt.getTime();
    // Counted and logged once the claim committed: a firing that goes back is neither.
    return () => {
      this.metrics.fired(decision.outcome, action?.action.kind ?? 'unknown', latenessMs);
      this.logger.info(
        {
          timerId: timer.id,
          interactionId: timer.interactionId,
          actionId: timer.actionId,
          outcome: decision.outcome,
          latenessMs,
        },
        'timer fired',
      );
    };
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
