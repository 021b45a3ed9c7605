import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { freeCapacity } from '../domain/capacity';
import { type Candidate, chooseAgent } from '../domain/choose-agent';
import { isQueueOpen, type RoutingQueue } from '../domain/select-queue';
import { type CandidateRow, RoutingRepository, type WaitingItem } from '../infra/routing.repository';
import type { RoutingMetrics } from './routing-metrics';
import type { RoutingSettings } from './routing-settings';

/** Items looked at per queue and pass; more wait for the next trigger. */
const BATCH = 200;

export interface DispatchOptions {
  causationId?: string | null;
  /** Only these queues (an enqueue touches one); all open queues when left out. */
  queueIds?: readonly string[];
}

export interface DispatcherOptions {
  /**
   * Told of every waiting item the dispatcher considered: how long choosing an agent for it and
   * placing it took, and whether it was placed. For benchmarks and tracing; nothing by default.
   */
  onPlacement?: (ms: number, placed: boolean) => void;
}

interface QueuePass {
  queue: RoutingQueue;
  channel: { defaultCapacity: number; itemSize: number };
  candidates: Candidate[];
}

/**
 * One dispatch's state: the agents it holds locked, with their loads read after the lock, and
 * the offers and assignments decided but not yet written. They are written together (one
 * statement each) before anything reads a load again: at the end of each queue's pass, and
 * before a named agent's load is read (W10). Until then the items stay locked by this
 * transaction and their agents' free capacity is counted down in memory.
 */
class Placements {
  readonly locked = new Map<string, CandidateRow>();
  private offers: Array<{ itemId: string; agentId: string; expiresAt: Date }> = [];
  private assignments: Array<{ itemId: string; agentId: string }> = [];

  constructor(readonly repository: RoutingRepository) {}

  offer(itemId: string, agentId: string, expiresAt: Date): void {
    this.offers.push({ itemId, agentId, expiresAt });
  }

  assign(itemId: string, agentId: string): void {
    this.assignments.push({ itemId, agentId });
  }

  async write(): Promise<void> {
    const { offers, assignments } = this;
    this.offers = [];
    this.assignments = [];
    if (offers.length > 0) await this.repository.offerAll(offers);
    if (assignments.length > 0) await this.repository.assignAll(assignments);
  }
}

/**
 * Offers waiting work items to agents with room for them (SPEC W4–W8), in the caller's
 * transaction: whoever changes what routing depends on dispatches before committing.
 *
 * Correct on several replicas without a global lock: each waiting item is locked with
 * SKIP LOCKED (two replicas never offer the same item), and an agent's row is locked, again
 * without waiting, before their load is read afresh and work is added to it (nobody exceeds
 * their capacity). The dispatcher never waits on a lock, so it takes part in no deadlock; what
 * it skipped is dispatched by the next trigger or the periodic pass.
 *
 * Per queue it costs a handful of statements, not a few per item: the agents a pass will
 * likely use are locked and their loads read together, and its offers are written together.
 */
export class Dispatcher {
  constructor(
    private readonly outbox: Outbox,
    private readonly settings: RoutingSettings,
    private readonly offerTimeoutSeconds: number,
    private readonly metrics: RoutingMetrics,
    private readonly options: DispatcherOptions = {},
  ) {}

  async dispatch(manager: EntityManager, options: DispatchOptions = {}): Promise<number> {
    const repository = new RoutingRepository(manager);
    const settings = await this.settings.get(manager);
    const now = new Date();
    const placements = new Placements(repository);
    const events: Array<EnvelopeOf<'routing.offer.created.v1'> | EnvelopeOf<'routing.workitem.assigned.v1'>> =
      [];
    for (const queue of settings.queues) {
      if (options.queueIds && !options.queueIds.includes(queue.id)) continue;
      if (!isQueueOpen(queue, now)) continue;
      const channel = settings.channels.get(queue.channel);
      if (!channel) continue;
      const rows = await repository.candidates(queue.id, queue.channel, channel.defaultCapacity);
      const pass: QueuePass = { queue, channel, candidates: rows.map(toCandidate) };
      // With every member full, only items kept for a named agent (W10) can move: the others stay
      // unlocked, so a busy system's periodic passes do not lock what another replica may place.
      const anyRoom = pass.candidates.some((candidate) => candidate.free > 0);
      const items = await repository.lockWaiting(queue.id, BATCH, !anyRoom);
      await this.lockLikelyAgents(placements, pass, items);
      const observe = this.options.onPlacement;
      for (const item of items) {
        const started = observe ? performance.now() : 0;
        const event = await this.place(placements, pass, item, options.causationId ?? null);
        observe?.(performance.now() - started, event !== null);
        if (event) events.push(event);
      }
      await placements.write();
    }
    if (events.length > 0) await this.outbox.add(manager, events);
    return events.length;
  }

  /**
   * Locks together (one statement, then one to read their loads afresh) the agents the items
   * would go to by the loads read unlocked, rather than one agent and two round trips at a time.
   * Those another transaction holds, or who stopped taking work, are no candidates in this pass,
   * as when place() locks one. Where the fresh loads change the choice, place() locks the other
   * agent on its own; an agent locked here and then not given work is only held until commit.
   */
  private async lockLikelyAgents(placements: Placements, pass: QueuePass, items: readonly WaitingItem[]) {
    const { queue, channel } = pass;
    // The pass played out on copies of the candidates, as place() will (reserved items aside).
    const copies = pass.candidates.map((candidate) => ({ ...candidate }));
    const byAgent = new Map(copies.map((copy) => [copy.agentId, copy]));
    const planned = new Set<string>();
    for (const item of items) {
      if (item.reservedFor !== null) continue;
      const agentId = chooseAgent(copies, queue.rule, item.size, item.rejectedBy, item.preferredAgentId);
      if (agentId === null) continue;
      byAgent.get(agentId)!.free -= item.size;
      if (!placements.locked.has(agentId)) planned.add(agentId);
    }
    if (planned.size === 0) return;
    const fresh = await placements.repository.lockAgentsForWork(
      [...planned],
      queue.channel,
      channel.defaultCapacity,
    );
    for (const candidate of pass.candidates) {
      if (!planned.has(candidate.agentId)) continue;
      const row = fresh.get(candidate.agentId);
      if (row) placements.locked.set(candidate.agentId, row);
      candidate.free = row ? freeCapacity(row) : 0;
    }
  }

  /** Finds the item an agent and offers (or, W7, assigns) it; null when nobody can take it now. */
  private async place(
    placements: Placements,
    pass: QueuePass,
    item: WaitingItem,
    causationId: string | null,
  ) {
    const { repository, locked } = placements;
    const { queue, channel } = pass;
    let candidates = pass.candidates;
    if (item.reservedFor !== null && !candidates.some((c) => c.agentId === item.reservedFor)) {
      // SPEC W10: transferred by name to an agent who need not be a member of the queue. Their
      // load is read below, so what this pass gave them so far is written first.
      await placements.write();
      const named = await repository.candidate(item.reservedFor, queue.channel, channel.defaultCapacity);
      if (named === null) return null;
      candidates = [toCandidate(named)];
    }
    for (;;) {
      const agentId = chooseAgent(
        candidates,
        queue.rule,
        item.size,
        item.rejectedBy,
        item.preferredAgentId,
        item.reservedFor,
      );
      if (agentId === null) return null;
      const candidate = candidates.find((c) => c.agentId === agentId)!;
      if (!locked.has(agentId)) {
        const fresh = await repository.lockAgentForWork(agentId, queue.channel, channel.defaultCapacity);
        if (fresh === null) {
          // Busy on another replica, or no longer taking work: not a candidate in this pass.
          candidate.free = 0;
          continue;
        }
        locked.set(agentId, fresh);
        candidate.free = freeCapacity(fresh);
        if (candidate.free < item.size) continue;
      }
      candidate.free -= item.size;
      return queue.autoAssign
        ? this.assign(placements, queue, item, agentId, causationId)
        : this.offer(placements, queue, item, agentId, causationId);
    }
  }

  private offer(
    placements: Placements,
    queue: RoutingQueue,
    item: WaitingItem,
    agentId: string,
    causationId: string | null,
  ): EnvelopeOf<'routing.offer.created.v1'> {
    const timeout = queue.offerTimeoutSeconds ?? this.offerTimeoutSeconds;
    const expiresAt = new Date(Date.now() + timeout * 1_000);
    placements.offer(item.id, agentId, expiresAt);
    this.metrics.offered(queue.name);
    return createEnvelope(
      'routing.offer.created.v1',
      { workItemId: item.id, interactionId: item.interactionId, agentId, expiresAt: expiresAt.toISOString() },
      { correlationId: item.interactionId, causationId },
    );
  }

  /** SPEC W7: an auto-assign queue skips the offer. */
  private assign(
    placements: Placements,
    queue: RoutingQueue,
    item: WaitingItem,
    agentId: string,
    causationId: string | null,
  ): EnvelopeOf<'routing.workitem.assigned.v1'> {
    placements.assign(item.id, agentId);
    this.metrics.assigned(queue.name);
    return createEnvelope(
      'routing.workitem.assigned.v1',
      { workItemId: item.id, interactionId: item.interactionId, agentId },
      { correlationId: item.interactionId, causationId },
    );
  }
}

function toCandidate(row: CandidateRow): Candidate {
  return { agentId: row.agentId, free: freeCapacity(row), lastAssignedAt: row.lastAssignedAt };
}
