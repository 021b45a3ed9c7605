export type AssignmentRule = 'most_capacity' | 'last_assigned';

export interface Candidate {
  agentId: string;
  /** Room left for work on the queue's channel, universal capacity included (see freeCapacity). */
  free: number;
  /** When the agent was last assigned work; null if never. */
  lastAssignedAt: Date | null;
}

function free(candidate: Candidate): number {
  return candidate.free;
}

function longestIdleFirst(a: Candidate, b: Candidate): number {
  const at = a.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const bt = b.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return at === bt ? 0 : at < bt ? -1 : 1;
}

function byId(a: Candidate, b: Candidate): number {
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

/**
 * The agent a work item of `size` goes to (SPEC W4, W5), or null when nobody can take it.
 * Candidates are the queue's available members; those without room for the item, or who
 * rejected it, are left out. `most_capacity` prefers the most free capacity, `last_assigned`
 * the agent idle longest; ties fall to the other criterion, then to the agent id, so the
 * choice is the same on every replica. A `preferred` agent (SPEC R4: the one who held a reopened
 * conversation) gets it whenever they are eligible; otherwise the rule decides as usual. An item
 * `reservedFor` an agent (SPEC W10: transferred to them by name) goes to nobody else.
 */
export function chooseAgent(
  candidates: readonly Candidate[],
  rule: AssignmentRule,
  size: number,
  rejectedBy: readonly string[] = [],
  preferred: string | null = null,
  reservedFor: string | null = null,
): string | null {
  const order =
    rule === 'most_capacity'
      ? (a: Candidate, b: Candidate) => free(b) - free(a) || longestIdleFirst(a, b) || byId(a, b)
      : (a: Candidate, b: Candidate) => longestIdleFirst(a, b) || free(b) - free(a) || byId(a, b);
  // One pass, no sort: the dispatcher asks once per waiting item, of every member of the queue.
  let best: Candidate | null = null;
  for (const candidate of candidates) {
    if (free(candidate) < size || rejectedBy.includes(candidate.agentId)) continue;
    if (reservedFor !== null && candidate.agentId !== reservedFor) continue;
    if (candidate.agentId === preferred) return preferred;
    if (best === null || order(candidate, best) < 0) best = candidate;
  }
  return best?.agentId ?? null;
}
