// What a manager reads on Supervision (SPEC I5, docs/supervision-and-search.md): every agent's
// ongoing work, what waits in the queues, and each queue's and agent's load, as table rows.
import type {
  AgentOverview,
  QueueOverview,
  RoutingOverview,
  SupervisedConversation,
  TransferRequest,
} from '../api/types';
import { stateLabel } from './new-sms';
import { formatDuration } from './time';

/** The API names agents by id only: the signed-in manager is "You", anyone else a short id. */
export function agentLabel(agentId: string | null, meId: string): string {
  if (agentId === null) return 'Nobody';
  if (agentId === meId) return 'You';
  return `Agent …${agentId.slice(-4)}`;
}

export interface ConversationRow {
  interactionId: string;
  requester: string;
  company: string;
  state: string;
  /** Who holds it (ongoing), or to whom it is offered (waiting). */
  agent: string;
  queue: string;
  /** "waiting 3 min" for ongoing work a requester waits on, the queue age for waiting work. */
  waited: string;
  firstMessage: string;
}

function waitedText(waitingMs: number | null): string {
  return waitingMs === null ? '—' : formatDuration(waitingMs);
}

export function ongoingRow(item: SupervisedConversation, meId: string): ConversationRow {
  return {
    interactionId: item.interactionId,
    requester: item.requesterAddress ?? 'Unknown',
    company: item.companyAddress ?? 'Unknown',
    state: stateLabel(item.state),
    agent: agentLabel(item.assigneeId, meId),
    queue: item.queue?.queueName ?? '—',
    waited: item.waitingMs === null ? 'Answered' : waitedText(item.waitingMs),
    firstMessage: item.firstMessage ?? '',
  };
}

export function waitingRow(item: SupervisedConversation, meId: string): ConversationRow {
  const offered = item.queue?.state === 'offered';
  return {
    interactionId: item.interactionId,
    requester: item.requesterAddress ?? 'Unknown',
    company: item.companyAddress ?? 'Unknown',
    state: offered ? 'Offered' : 'Queued',
    agent: offered ? agentLabel(item.queue?.offeredAgentId ?? null, meId) : '—',
    queue: item.queue?.queueName ?? '—',
    waited: waitedText(item.waitingMs),
    firstMessage: item.firstMessage ?? '',
  };
}

export interface QueueRow {
  id: string;
  name: string;
  status: string;
  waiting: number;
  offered: number;
  assigned: number;
  oldest: string;
  available: string;
}

export function queueRow(queue: QueueOverview): QueueRow {
  const status = !queue.active ? 'Inactive' : queue.open ? 'Open' : 'Closed (outside its hours)';
  return {
    id: queue.id,
    name: queue.fallback ? `${queue.name} (fallback)` : queue.name,
    status,
    waiting: queue.waiting,
    offered: queue.offered,
    assigned: queue.assigned,
    oldest: queue.oldestWaitingSeconds === null ? '—' : formatDuration(queue.oldestWaitingSeconds * 1000),
    available: `${queue.membersAvailable} of ${queue.members}`,
  };
}

export interface AgentRow {
  agentId: string;
  agent: string;
  presence: string;
  load: string;
  lastSeen: string;
  queues: string;
}

export function agentRow(
  agent: AgentOverview,
  queues: readonly QueueOverview[],
  meId: string,
  now: number,
): AgentRow {
  const names = agent.queueIds.map((id) => queues.find((queue) => queue.id === id)?.name ?? 'Unknown queue');
  return {
    agentId: agent.agentId,
    agent: agentLabel(agent.agentId, meId),
    presence: agent.receivesWork ? `${agent.presence} (receives work)` : agent.presence,
    load: `${agent.load} of ${agent.capacity}`,
    lastSeen:
      agent.lastSeenAt === null
        ? 'Never'
        : `${formatDuration(now - new Date(agent.lastSeenAt).getTime())} ago`,
    queues: names.length === 0 ? '—' : names.join(', '),
  };
}

/** Available agents first (most free capacity first), then the rest; the same order on every refresh. */
export function sortAgents(agents: readonly AgentOverview[]): AgentOverview[] {
  return [...agents].sort(
    (a, b) =>
      Number(b.receivesWork) - Number(a.receivesWork) ||
      b.capacity - b.load - (a.capacity - a.load) ||
      a.agentId.localeCompare(b.agentId),
  );
}

export interface TransferTarget {
  value: string;
  label: string;
}

/** Where a conversation may be transferred: an active queue, or an agent who receives work. */
export function transferTargets(overview: RoutingOverview | null, meId: string): TransferTarget[] {
  if (overview === null) return [];
  return [
    ...overview.queues
      .filter((queue) => queue.active)
      .map((queue) => ({ value: `queue:${queue.id}`, label: `Queue: ${queue.name}` })),
    ...sortAgents(overview.agents)
      .filter((agent) => agent.receivesWork)
      .map((agent) => ({
        value: `agent:${agent.agentId}`,
        label: `Agent: ${agentLabel(agent.agentId, meId)}`,
      })),
  ];
}

/** The transfer body for a chosen target: exactly one of queueId and agentId, as the API asks. */
export function transferRequest(target: string): TransferRequest | null {
  const [kind, id] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
  if (id === '' || target.indexOf(':') < 0) return null;
  if (kind === 'queue') return { queueId: id };
  if (kind === 'agent') return { agentId: id };
  return null;
}

/** A further page appended to a list: rows already shown (the list moved meanwhile) are not repeated. */
export function appendPage<T extends { interactionId: string }>(
  shown: readonly T[],
  next: readonly T[],
): T[] {
  const seen = new Set(shown.map((item) => item.interactionId));
  return [...shown, ...next.filter((item) => !seen.has(item.interactionId))];
}
