import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import { AppError, type Outbox } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { transition } from '../domain/interaction-transition';
import { closingMessageFor, type CompanyNumberSettings } from '../domain/company-number-settings';
import { agentActor, endedNote, REFUSAL_STATUS, toTransitionEvent } from '../domain/lifecycle-command';
import { InteractionRepository } from '../infra/interaction.repository';
import { applyTransition } from './apply-transition';
import type { TranscriptWriter } from './transcript-writer';

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
    private readonly writer: TranscriptWriter,
    private readonly settings: CompanyNumberSettings,
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
      if (request.command.type === 'end') {
        // SPEC S1: the requester gets the number's closing message, if it has one; how it
        // ended (and the agent's note) is for agents only.
        const wrapUp = result.to === 'wrap_up';
        await this.writer.noteForAgents(manager, row, {
          body: endedNote(result.cause, request.command.outcome, request.command.note, wrapUp),
          agentId: request.actor.id,
        });
        const closing = closingMessageFor(this.settings, row.companyAddress);
        if (closing !== null) {
          await this.writer.sendToRequester(manager, row, {
            authorKind: 'system',
            authorId: null,
            body: closing,
            messageId: uuidv7(),
          });
        }
      }
      return {
        interactionId: row.id,
        state: row.state,
        assigneeId: row.assigneeId,
        stateChanged: committed,
      };
    });
  }
}
