import type { EnvelopeOf } from '@threadline/contracts';
import { NOTHING_TO_DO, type Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { derivedMessageId, timesAfter } from '../domain/derived-id';
import { type Actor, LIFECYCLE_DEFAULTS, transition } from '../domain/interaction-transition';
import {
  describeHandoff,
  type VirtualAgentDecision,
  type VirtualAgentTurn,
} from '../domain/virtual-agent/virtual-agent';
import { InteractionRepository } from '../infra/interaction.repository';
import { type VirtualAgentInteraction, VirtualAgentRepository } from '../infra/virtual-agent.repository';
import type { VirtualAgents } from '../infra/virtual-agents';
import { applyTransition } from './apply-transition';
import type { RouteToAgents } from './route-to-agents';
import type { TranscriptWriter } from './transcript-writer';

const VIRTUAL_AGENT = { kind: 'virtual_agent', id: null } as const satisfies Actor;

/** What the virtual agent decided for one requester message, outside any transaction. */
export interface PreparedTurn {
  kind: 'decided';
  /** The interaction's `va_turns` the decision was made from. */
  vaTurns: number;
  decision: VirtualAgentDecision;
}

/** The id of a turn's first entry (a reply, or the handoff note): its presence means the turn was taken. */
function entryId(inboundMessageId: string, index: number): string {
  return derivedMessageId(inboundMessageId, `va/${index}`);
}

function withVirtualAgent(interaction: VirtualAgentInteraction): boolean {
  return interaction.handledBy === 'virtual_agent' && interaction.state === 'new';
}

/** A turn computed from a state that changed meanwhile; retried (nak) with the new state. */
export class VirtualAgentStateMovedError extends Error {
  override readonly name = 'VirtualAgentStateMovedError';
}

/**
 * SPEC R1/R3: the virtual agent answers each requester message of the interactions it handles,
 * continuing from the state it kept, and hands the conversation to routing when the requester
 * asks for a person, a topic says so, it fails to understand twice in a row, or its external bot
 * fails (SPEC "Virtual agent").
 *
 * Two steps. {@link prepare} runs outside any transaction, since an external bot may take
 * seconds: it reads the interaction and asks the virtual agent. {@link execute} then checks,
 * under the interaction's lock, that the interaction is still with the virtual agent and its state
 * is the one the decision was made from, and writes the replies, the state or the handoff in one
 * transaction. Entry ids derive from the inbound message's id, so a message delivered again is
 * never answered twice.
 */
export class VirtualAgentTurnUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly writer: TranscriptWriter,
    private readonly router: RouteToAgents,
    private readonly agents: VirtualAgents,
  ) {}

  /** The virtual agent's answer to a requester message of its interaction; NOTHING_TO_DO for the rest. */
  async prepare(
    appended: EnvelopeOf<'interaction.message.appended.v1'>,
  ): Promise<PreparedTurn | typeof NOTHING_TO_DO> {
    const message = appended.data;
    // Most appended messages are agents' replies and notes: they are let go without a transaction.
    if (message.direction !== 'inbound' || message.author.kind !== 'requester') return NOTHING_TO_DO;
    const interaction = await new VirtualAgentRepository(this.dataSource.manager).find(message.interactionId);
    // The message was appended in the transaction that created the interaction, so it exists.
    if (!interaction) throw new Error(`interaction ${message.interactionId} is not known`);
    if (!withVirtualAgent(interaction)) return NOTHING_TO_DO;
    if (this.agents.answersKeyword(interaction.companyAddress, message.body)) return NOTHING_TO_DO;
    const answered = await new InteractionRepository(this.dataSource.manager).findMessage(
      entryId(message.messageId, 0),
    );
    if (answered) return NOTHING_TO_DO;

    const turn: VirtualAgentTurn = {
      interactionId: interaction.id,
      companyAddress: interaction.companyAddress,
      message: { id: message.messageId, body: message.body, occurredAt: message.occurredAt },
      state: interaction.vaState,
    };
    const agent = this.agents.for(interaction.companyAddress);
    const decision: VirtualAgentDecision = agent
      ? await agent.respond(turn)
      : {
          // The number's virtual agent was turned off while this conversation was with it.
          replies: [],
          nextState: interaction.vaState,
          handoff: { reason: 'bot_unavailable', detail: 'the company number has no virtual agent now' },
        };
    return { kind: 'decided', vaTurns: interaction.vaTurns, decision };
  }

  async execute(
    appended: EnvelopeOf<'interaction.message.appended.v1'>,
    prepared: PreparedTurn,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const message = appended.data;
    const repository = new VirtualAgentRepository(manager);
    const interaction = await repository.lock(message.interactionId);
    if (!interaction || !withVirtualAgent(interaction)) {
      logger.info(
        { interactionId: message.interactionId, messageId: message.messageId },
        'the interaction left the virtual agent meanwhile; its answer is dropped',
      );
      return;
    }
    if (await new InteractionRepository(manager).findMessage(entryId(message.messageId, 0))) return;
    if (interaction.vaTurns !== prepared.vaTurns) {
      throw new VirtualAgentStateMovedError(
        `the virtual agent answered another message of ${interaction.id} meanwhile; answering again from its new state`,
      );
    }

    const { decision } = prepared;
    const { handoff } = decision;
    const times = timesAfter(new Date(message.occurredAt), decision.replies.length + 2);
    const causationId = appended.id;
    for (const [index, body] of decision.replies.entries()) {
      await this.writer.sendToRequester(manager, interaction, {
        authorKind: 'virtual_agent',
        authorId: null,
        body,
        messageId: entryId(message.messageId, index),
        occurredAt: times[index],
        causationId,
      });
    }
    const vaTurns = interaction.vaTurns + 1;
    if (!handoff) {
      await repository.saveTurn(interaction.id, decision.nextState, vaTurns);
      return;
    }

    const result = transition(interaction.state, { type: 'handoff' }, VIRTUAL_AGENT, {
      ...LIFECYCLE_DEFAULTS,
      now: new Date(),
    });
    if (!result.ok) throw new Error(`handoff refused: ${result.message}`);
    await repository.handOff(interaction.id, {
      reason: handoff.reason,
      vaState: decision.nextState,
      vaTurns,
    });
    const locked = await new InteractionRepository(manager).lockById(interaction.id);
    if (!locked) throw new Error(`interaction ${interaction.id} vanished under its lock`);
    await applyTransition(manager, this.outbox, locked, result, VIRTUAL_AGENT, causationId);
    await this.writer.noteForAgents(manager, interaction, {
      body: describeHandoff(handoff),
      messageId: entryId(message.messageId, decision.replies.length),
      occurredAt: times[decision.replies.length],
      causationId,
    });
    await this.router.enqueue(manager, interaction, {
      noteId: derivedMessageId(message.messageId, 'va/queued'),
      occurredAt: times[decision.replies.length + 1],
      causationId,
      handoffReason: handoff.reason,
      ...(handoff.topic ? { topic: handoff.topic } : {}),
    });
    logger.info(
      { interactionId: interaction.id, reason: handoff.reason },
      'virtual agent handed over to routing',
    );
  }
}
