import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import { AppError, type Outbox } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { transition } from '../domain/interaction-transition';
import { agentActor, REFUSAL_STATUS, toTransitionEvent } from '../domain/lifecycle-command';
import { InteractionRepository } from '../infra/interaction.repository';
import { applyTransition } from './apply-transition';

type ChangeState = typeof queries.changeState;

/**
 * SPEC I5 and W4: an agent ends, holds or resumes their conversation, or completes its wrap-up;
 * a manager or admin may do so to anyone's. The state machine decides; its refusals reach the
 * agent with their codes. Routing learns of the change from the event and frees capacity.
 */
export class ChangeStateUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly options: { wrapUpEnabled: boolean },
  ) {}

  execute(request: RequestOf<ChangeState>): Promise<ResponseOf<ChangeState>> {
    return this.dataSource.transaction(async (manager) => {
      const interaction = await new InteractionRepository(manager).lockById(request.interactionId);
      if (!interaction) {
        throw new AppError(
          'INTERACTION_NOT_FOUND',
          404,
          `interaction ${request.interactionId} does not exist`,
        );
      }
      const actor = agentActor(request.actor, interaction);
      const result = transition(interaction.state, toTransitionEvent(request.command, interaction), actor, {
        wrapUpEnabled: this.options.wrapUpEnabled,
        reopenWindowMs: 0,
        now: new Date(),
      });
      if (!result.ok) throw new AppError(result.code, REFUSAL_STATUS[result.code], result.message);
      const { row, committed } = await applyTransition(
        manager,
        this.outbox,
        interaction,
        result,
        actor,
        null,
      );
      return {
        interactionId: row.id,
        state: row.state,
        assigneeId: row.assigneeId,
        stateChanged: committed,
      };
    });
  }
}
