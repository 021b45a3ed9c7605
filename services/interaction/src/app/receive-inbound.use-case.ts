import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { CompanyNumberSettings } from '../domain/company-number-settings';
import { derivedMessageId, timesAfter } from '../domain/derived-id';
import { type Actor, transition } from '../domain/interaction-transition';
import { type InteractionRow, InteractionRepository } from '../infra/interaction.repository';
import { applyTransition } from './apply-transition';
import { AnswerKeyword } from './answer-keyword';
import type { RequesterOptOuts } from './requester-opt-outs';
import type { RouteToAgents } from './route-to-agents';
import type { TranscriptWriter } from './transcript-writer';

/**
 * An inbound SMS whose requester is known: SPEC R1 (no active interaction for the phone pair:
 * open one, greet the requester if the company number says so, and give it to the number's
 * virtual agent or else to routing) or R2/R3 (append to the active one; a virtual agent answers
 * it in its own consumer). The database's one-active-per-pair index settles races: whoever loses
 * the insert appends to the winner's interaction.
 */
export class ReceiveInboundUseCase {
  private readonly keywords: AnswerKeyword;

  constructor(
    private readonly outbox: Outbox,
    private readonly settings: CompanyNumberSettings,
    private readonly writer: TranscriptWriter,
    private readonly router: RouteToAgents,
    optOuts: RequesterOptOuts,
  ) {
    this.keywords = new AnswerKeyword(optOuts, writer);
  }

  async execute(
    resolved: EnvelopeOf<'profile.requester.resolved.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const repository = new InteractionRepository(manager);
    const { message } = resolved.data;
    const numberSettings = this.settings.for(message.to);
    // SPEC S2: STOP, START and HELP are answered here and open nothing.
    const appendInbound = (interaction: InteractionRow) => this.appendInbound(manager, resolved, interaction);
    if (await this.keywords.handle(manager, resolved, numberSettings.optOut, appendInbound, logger)) return;
    // Most messages belong to an ongoing interaction: one statement finds and locks it, which
    // also orders this append after any other of the pair in flight.
    const active = await repository.lockActive(message.from, message.to);
    const reopened = active
      ? null
      : await this.reopenIfRecent(manager, resolved, numberSettings.reopenWindowSeconds * 1_000, logger);
    const opened =
      active || reopened
        ? null
        : await repository.insertIfNoneActive({
            id: uuidv7(),
            requesterAddress: message.from,
            companyAddress: message.to,
            requesterUserId: resolved.data.requesterUserId,
            profileId: resolved.data.profileId,
            identityConflict: resolved.data.identityConflict,
            identityConflictReason: resolved.data.identityConflictReason ?? null,
            requesterAuditId: resolved.data.profileChangeId ?? null,
            initiatedBy: 'requester',
            state: 'new',
            assigneeId: null,
            handledBy: numberSettings.virtualAgent ? 'virtual_agent' : 'routing',
          });
    // The row just inserted is ours until commit. When another message of the pair opened one
    // first, the insert did nothing: take that one's lock.
    const interaction =
      active ?? opened ?? reopened?.row ?? (await repository.lockActive(message.from, message.to));
    if (!interaction) throw new Error('the phone pair has no active interaction right after opening one');

    if (!(await this.appendInbound(manager, resolved, interaction, opened !== null))) {
      logger.info({ messageId: message.messageId }, 'inbound message already in a transcript');
      return;
    }
    if (opened) logger.info({ interactionId: interaction.id, rule: 'R1' }, 'interaction opened');
    if (reopened && reopened.row.handledBy === 'routing') {
      // R4: back to routing, offered first to the agent who held it if they have room.
      await this.router.enqueue(
        manager,
        {
          ...reopened.row,
          identityConflict: resolved.data.identityConflict,
          requesterIsGuest: resolved.data.userId === null,
        },
        {
          noteId: derivedMessageId(message.messageId, 'queued'),
          causationId: resolved.id,
          ...(reopened.previousAssigneeId ? { preferredAgentId: reopened.previousAssigneeId } : {}),
          reopenedBy: reopened.eventId,
        },
      );
    }
    if (!opened) return;

    // After the requester's first message, in this order: greeting, then the queue note.
    const [greetingAt, queuedAt] = timesAfter(new Date(message.receivedAt), 2);
    if (numberSettings.greeting !== null) {
      await this.writer.sendToRequester(manager, interaction, {
        authorKind: 'system',
        authorId: null,
        body: numberSettings.greeting,
        messageId: derivedMessageId(message.messageId, 'greeting'),
        occurredAt: greetingAt,
        causationId: resolved.id,
      });
    }
    if (numberSettings.virtualAgent) {
      // R1 with a virtual agent: it answers this message in its own consumer, not routing.
      logger.info(
        { interactionId: interaction.id, virtualAgent: numberSettings.virtualAgent.kind },
        'handled by the virtual agent',
      );
      return;
    }
    await this.router.enqueue(
      manager,
      {
        ...interaction,
        identityConflict: resolved.data.identityConflict,
        requesterIsGuest: resolved.data.userId === null,
      },
      {
        noteId: derivedMessageId(message.messageId, 'queued'),
        occurredAt: queuedAt,
        causationId: resolved.id,
      },
    );
  }

  /**
   * Appends the inbound message to the interaction and announces it (after the interaction's
   * creation, when it was just opened); false, announcing nothing, when it is already there.
   */
  private async appendInbound(
    manager: EntityManager,
    resolved: EnvelopeOf<'profile.requester.resolved.v1'>,
    interaction: InteractionRow,
    opened = false,
  ): Promise<boolean> {
    const { message } = resolved.data;
    const appended = await new InteractionRepository(manager).appendMessage({
      id: message.messageId,
      interactionId: interaction.id,
      direction: 'inbound',
      authorKind: 'requester',
      authorId: resolved.data.requesterUserId,
      body: message.body,
      media: message.media,
      occurredAt: message.receivedAt,
      gatewaySequence: message.sequence,
      deliveryStatus: null,
      visibility: 'requester_visible',
    });
    if (!appended) return false;
    const options = { correlationId: interaction.id, causationId: resolved.id };
    const events = [];
    if (opened) {
      events.push(
        createEnvelope(
          'interaction.conversation.created.v1',
          {
            interactionId: interaction.id,
            channel: 'sms',
            requesterAddress: message.from,
            companyAddress: message.to,
            requesterUserId: resolved.data.requesterUserId,
            profileId: resolved.data.profileId,
            initiatedBy: 'requester',
            state: 'new',
            identityConflict: resolved.data.identityConflict,
            identityConflictReason: resolved.data.identityConflictReason ?? null,
          },
          options,
        ),
      );
    }
    events.push(
      createEnvelope(
        'interaction.message.appended.v1',
        {
          interactionId: interaction.id,
          messageId: message.messageId,
          direction: 'inbound',
          author: { kind: 'requester', id: resolved.data.requesterUserId },
          body: message.body,
          media: message.media,
          occurredAt: message.receivedAt,
          gatewaySequence: message.sequence,
          visibility: 'requester_visible',
        },
        options,
      ),
    );
    await this.outbox.add(manager, events);
    return true;
  }

  /**
   * SPEC R4: with no active interaction for the pair (the caller checked, holding the lock of any),
   * the one that closed less than the company number's reopen window before this message (the
   * gateway's time) opens again, unassigned, and goes back to whoever handled it. Null when the
   * window is 0 or nothing closed recently.
   */
  private async reopenIfRecent(
    manager: EntityManager,
    resolved: EnvelopeOf<'profile.requester.resolved.v1'>,
    windowMs: number,
    logger: Logger,
  ): Promise<{ row: InteractionRow; previousAssigneeId: string | null; eventId: string } | null> {
    if (windowMs <= 0) return null;
    const repository = new InteractionRepository(manager);
    const { message } = resolved.data;
    const closed = await repository.lockLatestClosed(message.from, message.to);
    if (!closed) return null;
    const requester: Actor = { kind: 'requester', id: resolved.data.requesterUserId };
    const result = transition(
      closed.state,
      { type: 'reopen', closedAt: closed.closedAt, toPreviousAgent: false },
      requester,
      { wrapUpEnabled: false, reopenWindowMs: windowMs, now: new Date(message.receivedAt) },
    );
    if (!result.ok) return null;
    const { row, committed } = await applyTransition(
      manager,
      this.outbox,
      closed,
      result,
      requester,
      resolved.id,
    );
    logger.info({ interactionId: row.id, rule: 'R4' }, 'interaction reopened');
    return { row, previousAssigneeId: closed.assigneeId, eventId: committed.eventId };
  }
}
