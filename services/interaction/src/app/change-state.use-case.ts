import { createEnvelope, type queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { AppError, type Outbox } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { transition } from '../domain/interaction-transition';
import { closingMessageFor, type CompanyNumberSettings } from '../domain/company-number-settings';
import {
  agentActor,
  endedNote,
  REFUSAL_STATUS,
  toTransitionEvent,
  transferredNote,
} from '../domain/lifecycle-command';
import { InteractionRepository } from '../infra/interaction.repository';
import { applyTransition } from './apply-transition';
import type { TranscriptWriter } from './transcript-writer';

type ChangeState = typeof queries.changeState;

/**
 * SPEC I5, W4 and W10: an agent ends, holds, resumes or transfers their conversation, or completes
 * its wrap-up; a manager or admin may do so to anyone's. The state machine decides; its refusals
 * reach the agent with their codes. Routing learns of the change from the event and frees
 * capacity, and of a transfer from its command.
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
      if (request.command.type === 'transfer') {
        // SPEC S1: a transfer is for agents only. SPEC W10: routing offers it anew; the command
        // names the state change, so a state change older than it arriving later changes nothing.
        const { to, note } = request.command;
        await this.writer.noteForAgents(manager, row, {
          body: transferredNote(!actor.isAssignee, to, note),
          agentId: request.actor.id,
          causationId: committed.eventId,
        });
        await this.outbox.add(manager, [
          createEnvelope(
            'routing.workitem.transfer.v1',
            { interactionId: row.id, to, byAgentId: request.actor.id, stateEventId: committed.eventId },
            { correlationId: row.id, causationId: committed.eventId },
          ),
        ]);
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
