import { randomUUID } from 'node:crypto';
import { AgentClient, type HttpAnswer } from '@threadline/testkit';
import { type SeededRandom } from './random';
import type { AbandonedInbound, AcceptedInbound, AcceptedReply } from './records';
import { sleep } from './supervisor';
import { postUntilAccepted } from './webhook';

export const SUPPORT = '+15550100001';
export const BILLING = '+15550100002';
const DEMO_PASSWORD = 'threadline-demo';
export const DESK_AGENTS = ['alice', 'bob', 'maria'] as const;
/** What each desk agent may hold at once; routing must never offer beyond it. */
export const DESK_CAPACITY = 8;
const MAX_REPLIES_PER_CONVERSATION = 3;

/** How a run's requesters are numbered: +1555 2xx xxxx, clear of the demo directory's numbers. */
export function requesterPhone(index: number): string {
  return `+1555${String(2_000_000 + index).padStart(7, '0')}`;
}

/**
 * Steady inbound traffic: `rate` SMS a second over many phone pairs (most to Support, some to
 * Billing's virtual agent), one message in flight per pair so the pair's order is the order the
 * gateway answered 200, now and then a STOP and later a START. Every message is retried until
 * answered 200 (or the drain deadline), and recorded.
 */
export class InboundLoad {
  readonly accepted: AcceptedInbound[] = [];
  readonly abandoned: AbandonedInbound[] = [];
  /** Ticks where every pair tried was still waiting for its previous message. */
  busySkips = 0;
  private readonly busy = new Set<number>();
  private readonly optedOut = new Set<number>();
  private readonly acceptedPerPair = new Map<number, number>();
  private readonly pending = new Set<Promise<void>>();
  private sent = 0;
  private running = false;
  private startedAt = Date.now();
  private readonly pairCount: number;

  constructor(
    private readonly webhookUrl: string,
    private readonly rate: number,
    private readonly random: SeededRandom,
    private readonly runId: string,
    private readonly giveUpAt: () => number,
  ) {
    this.pairCount = Math.max(50, Math.round(rate * 10));
  }

  get sentCount(): number {
    return this.sent;
  }

  /** Sends until `stop`; resolves when stopped. */
  async run(): Promise<void> {
    this.running = true;
    this.startedAt = Date.now();
    const tickMs = 100;
    let owed = 0;
    while (this.running) {
      owed += (this.rate * tickMs) / 1_000;
      for (; owed >= 1; owed -= 1) this.sendOne();
      await sleep(tickMs);
    }
  }

  stop(): void {
    this.running = false;
  }

  /** Resolves once every message sent is accepted or given up. */
  async drained(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** One message from a free pair, through the same retrying poster; used by the recovery probes too. */
  send(
    requester: string,
    company: string,
    body: string,
    keyword = false,
    pair = -1,
  ): Promise<{ accepted: boolean; providerMessageId: string }> {
    this.sent += 1;
    const providerMessageId = `SM${this.runId}${this.sent.toString(16).padStart(32 - this.runId.length, '0')}`;
    const task = postUntilAccepted(
      this.webhookUrl,
      { providerMessageId, from: requester, to: company, body },
      this.giveUpAt,
    ).then((outcome) => {
      if (outcome.accepted) {
        const indexInPair = this.acceptedPerPair.get(pair) ?? 0;
        this.acceptedPerPair.set(pair, indexInPair + 1);
        this.accepted.push({
          providerMessageId,
          requester,
          company,
          body,
          keyword,
          indexInPair,
          attempts: outcome.attempts,
          acceptedAtMs: Date.now() - this.startedAt,
        });
      } else {
        this.abandoned.push({
          providerMessageId,
          requester,
          company,
          lastAnswer: outcome.lastAnswer,
          attempts: outcome.attempts,
        });
      }
      return { accepted: outcome.accepted, providerMessageId };
    });
    const settled = task.then(() => undefined);
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
    return task;
  }

  private sendOne(): void {
    let pair = -1;
    for (let tries = 0; tries < 3 && pair < 0; tries += 1) {
      const candidate = this.random.int(0, this.pairCount - 1);
      if (!this.busy.has(candidate)) pair = candidate;
    }
    if (pair < 0) {
      this.busySkips += 1;
      return;
    }
    // Pairs are requester-major: every requester texts one company, Billing for every seventh.
    const requester = requesterPhone(pair);
    const company = pair % 7 === 3 ? BILLING : SUPPORT;
    let body = `Message ${this.sent + 1} of chaos run ${this.runId}`;
    let keyword = false;
    if (this.optedOut.has(pair) && this.random.chance(0.3)) {
      body = 'START';
      keyword = true;
      this.optedOut.delete(pair);
    } else if (!this.optedOut.has(pair) && this.random.chance(0.01)) {
      body = 'STOP';
      keyword = true;
      this.optedOut.add(pair);
    }
    this.busy.add(pair);
    void this.send(requester, company, body, keyword, pair).finally(() => this.busy.delete(pair));
  }
}

/** An agent as the desk drives it: logs in again when a restart or a Redis outage forgot the session. */
class DeskAgent {
  private client: AgentClient | undefined;

  constructor(
    private readonly baseUrl: string,
    readonly username: string,
    private readonly answers: Map<string, number>,
  ) {}

  get agentId(): string | undefined {
    return this.client?.agentId;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<HttpAnswer<T | undefined>> {
    try {
      this.client ??= await AgentClient.login(this.baseUrl, this.username, DEMO_PASSWORD);
      const answer = await this.client.call<T>(method, path, body);
      if (answer.status === 401) this.client = undefined;
      this.count(method, path, String(answer.status));
      return answer;
    } catch {
      // Unreachable while agent-gateway restarts, or a non-JSON answer: try again next round.
      this.count(method, path, 'unreachable');
      return { status: 0, body: undefined };
    }
  }

  /** Answers by endpoint (ids left out) and status, for the report. */
  private count(method: string, path: string, status: string): void {
    const key = `${method} ${path.replace(/\/[0-9a-f-]{36}/g, '/{id}')} ${status}`;
    this.answers.set(key, (this.answers.get(key) ?? 0) + 1);
  }
}

interface OfferList {
  items: Array<{ workItemId: string }>;
}
interface OngoingList {
  items: Array<{
    interactionId: string;
    requesterAddress: string;
    companyAddress: string;
    unreadCount: number;
    lastActivityAt: string;
  }>;
}

/**
 * The demo agents at work: available, accepting every offer, answering conversations with
 * unread messages (a few replies each, every reply's body unique so the phone's inbox can be
 * checked), and ending conversations so their capacity comes back.
 */
export class AgentDesk {
  readonly replies: AcceptedReply[] = [];
  readonly refusedReplies = new Map<number, number>();
  /** Every answer the agents got, by endpoint and status. */
  readonly answers = new Map<string, number>();
  acceptedOffers = 0;
  ended = 0;
  private readonly agents: DeskAgent[];
  private readonly repliedAt = new Map<string, string>();
  private readonly replyCount = new Map<string, number>();
  private running = false;

  constructor(
    baseUrl: string,
    private readonly random: SeededRandom,
  ) {
    this.agents = DESK_AGENTS.map((username) => new DeskAgent(baseUrl, username, this.answers));
  }

  async run(): Promise<void> {
    this.running = true;
    await Promise.all(this.agents.map((agent) => this.work(agent)));
  }

  stop(): void {
    this.running = false;
  }

  private async work(agent: DeskAgent): Promise<void> {
    let lastPresence = 0;
    while (this.running) {
      // Routing counts an agent silent for 90 s as gone: say "available" well within that.
      if (Date.now() - lastPresence > 20_000) {
        const answer = await agent.call('PUT', '/me/presence', { presence: 'available' });
        if (answer.status === 200) lastPresence = Date.now();
      }
      const offers = await agent.call<OfferList>('GET', '/inbox/offers');
      for (const offer of offers.body?.items ?? []) {
        const accepted = await agent.call('POST', `/offers/${offer.workItemId}/accept`);
        if (accepted.status >= 200 && accepted.status < 300) this.acceptedOffers += 1;
      }
      const ongoing = await agent.call<OngoingList>('GET', '/interactions/ongoing');
      for (const conversation of ongoing.body?.items ?? []) {
        if (!this.running) break;
        await this.attend(agent, conversation);
      }
      await sleep(1_000);
    }
  }

  private async attend(agent: DeskAgent, conversation: OngoingList['items'][number]): Promise<void> {
    const id = conversation.interactionId;
    const replies = this.replyCount.get(id) ?? 0;
    if (replies >= MAX_REPLIES_PER_CONVERSATION || (replies > 0 && this.random.chance(0.1))) {
      const ended = await agent.call('POST', `/interactions/${id}/end`, { outcome: 'complete' });
      if (ended.status >= 200 && ended.status < 300) this.ended += 1;
      return;
    }
    // A new conversation gets its first answer at once; later ones only when the requester wrote again.
    if (
      replies > 0 &&
      (conversation.unreadCount === 0 || this.repliedAt.get(id) === conversation.lastActivityAt)
    ) {
      return;
    }
    const clientMessageId = randomUUID();
    const body = `Thanks, looking into it (${clientMessageId})`;
    // The same clientMessageId on every try: a retried send is sent once (agent-gateway's rule).
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const answer = await agent.call('POST', `/interactions/${id}/messages`, { body, clientMessageId });
      if (answer.status >= 200 && answer.status < 300) {
        this.replies.push({
          clientMessageId,
          interactionId: id,
          requester: conversation.requesterAddress,
          company: conversation.companyAddress,
          body,
        });
        this.replyCount.set(id, replies + 1);
        break;
      }
      if (answer.status !== 0 && answer.status < 500) {
        this.refusedReplies.set(answer.status, (this.refusedReplies.get(answer.status) ?? 0) + 1);
        this.replyCount.set(id, MAX_REPLIES_PER_CONVERSATION);
        break;
      }
      await sleep(1_000 * attempt);
    }
    this.repliedAt.set(id, conversation.lastActivityAt);
  }
}

/**
 * Through the admin API: the desk agents' capacity, and two messaging actions with short
 * silences so timers arm and fire many times during the run.
 */
export async function configureForChaos(baseUrl: string): Promise<void> {
  const admin = await AgentClient.login(baseUrl, 'admin', DEMO_PASSWORD);
  for (const username of DESK_AGENTS) {
    const agent = await AgentClient.login(baseUrl, username, DEMO_PASSWORD);
    const answer = await admin.call('PUT', `/admin/agents/${agent.agentId}/capacity`, {
      universalCapacity: null,
      channels: { sms: DESK_CAPACITY },
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw new Error(`setting ${username}'s capacity: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
  const actions = [
    {
      name: 'Chaos: prompt the agent',
      event: 'requester_message_without_agent_response',
      durationSeconds: 10,
      action: { kind: 'prompt_agent', text: 'The requester is waiting (chaos run).' },
    },
    {
      name: 'Chaos: nudge the requester',
      event: 'agent_message_without_requester_response',
      durationSeconds: 15,
      action: { kind: 'prompt_requester', text: 'Are you still there? (chaos run)' },
    },
  ];
  for (const action of actions) {
    const answer = await admin.call('POST', '/admin/messaging-actions', {
      id: randomUUID(),
      active: true,
      condition: null,
      ...action,
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw new Error(
        `creating messaging action ${action.name}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
  }
}
