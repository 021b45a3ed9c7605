import type { EnvelopeOf } from '@threadline/contracts';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { type MessageSide, planForMessage, sideOf, timerIdFor } from '../domain/arming';
import { isClosedState } from '../domain/firing';
import { ConversationWatchRepository } from '../infra/conversation-watch.repository';
import { triggerOf } from '../infra/messaging-action.repository';
import { TimerRepository } from '../infra/timer.repository';
import type { ActionCatalog } from './action-catalog';
import type { TimerMetrics } from './timer-metrics';

/** The scheduler, told of each timer armed once its transaction committed. */
export interface ArmedListener {
  notifyArmed(dueAt: Date): void;
}

/**
 * Arms and disarms a conversation's timers as its messages and state changes arrive (SPEC M1–M3,
 * M6). Each runs in the consumer's transaction, under the conversation's watch lock, so the
 * messages of one conversation take turns across consumers and replicas; arming is idempotent
 * (the timer id is derived from interaction, action and message), so a redelivery arms nothing new.
 */
export class FollowConversationUseCase {
  constructor(
    private readonly actions: ActionCatalog,
    private readonly scheduler: ArmedListener,
    private readonly metrics: TimerMetrics,
  ) {}

  /** The side a message speaks for, or null: then there is nothing to do (no transaction). */
  sideOf(appended: EnvelopeOf<'interaction.message.appended.v1'>): MessageSide | null {
    return sideOf(appended.data);
  }

  async onMessage(
    appended: EnvelopeOf<'interaction.message.appended.v1'>,
    side: MessageSide,
    manager: EntityManager,
    afterCommit: (effect: () => void) => void,
  ): Promise<void> {
    const { interactionId, messageId, occurredAt } = appended.data;
    const timers = new TimerRepository(manager);
    const watches = new ConversationWatchRepository(manager);
    const at = new Date(occurredAt);
    const watch = await watches.recordMessage(interactionId, side, at);
    const armed = await timers.armedOf(interactionId);
    const triggers = (await this.actions.active()).map(triggerOf);
    const plan = planForMessage(side, armed, triggers, { messageId, occurredAt: at }, watch);
    const disarmed = await timers.disarm(plan.disarm);
    const armedNow = await timers.arm(
      plan.arm.map((timer) => ({
        id: timerIdFor(interactionId, timer.actionId, timer.armedByMessageId),
        interactionId,
        ...timer,
      })),
    );
    afterCommit(() => {
      this.metrics.disarmed('message', disarmed.length);
      this.metrics.armed(armedNow.length);
      for (const timer of armedNow) this.scheduler.notifyArmed(timer.dueAt);
    });
  }

  /** Whether a state change ends the conversation; others change nothing here (no transaction). */
  closes(changed: EnvelopeOf<'interaction.conversation.state-changed.v1'>): boolean {
    return isClosedState(changed.data.to);
  }

  /** SPEC M6: closing the conversation disarms all its timers. */
  async onClose(
    changed: EnvelopeOf<'interaction.conversation.state-changed.v1'>,
    manager: EntityManager,
    logger: Logger,
    afterCommit: (effect: () => void) => void,
  ): Promise<void> {
    const { interactionId } = changed.data;
    const timers = new TimerRepository(manager);
    const watches = new ConversationWatchRepository(manager);
    await watches.recordClose(interactionId, new Date(changed.occurredAt));
    const disarmed = await timers.disarmAllOf(interactionId);
    if (disarmed.length > 0)
      logger.info({ interactionId, disarmed: disarmed.length }, 'conversation closed; timers disarmed');
    afterCommit(() => this.metrics.disarmed('closed', disarmed.length));
  }
}
