import type {
  AcceptedInbound,
  AcceptedReply,
  ActiveInteractionRow,
  AgentLoadRow,
  InboundRow,
  ReplyRow,
  TimerFiringRow,
} from './records';

/** An accepted message not found where it should be: in sms-gateway's record, or only in no transcript. */
export interface LostInbound {
  message: AcceptedInbound;
  missingFrom: 'gateway' | 'transcript';
}

export interface InboundVerdict {
  accepted: number;
  /** Answered 200 but in no transcript (keywords: not even in the gateway's record). */
  lost: LostInbound[];
  /** In a transcript more than once. */
  duplicated: Array<{ message: AcceptedInbound; copies: number }>;
  /** In its pair's transcript before a message the driver had sent (and got 200 for) earlier. */
  outOfOrder: AcceptedInbound[];
}

/**
 * Every webhook answered 200 is in its conversation's transcript exactly once, in the order the
 * gateway took the pair's messages. STOP and START are kept only where the pair has a
 * conversation open, so for them the gateway's record is enough and a transcript entry optional.
 */
export function checkInbound(
  accepted: readonly AcceptedInbound[],
  rows: readonly InboundRow[],
): InboundVerdict {
  const byId = new Map<string, InboundRow[]>();
  for (const row of rows) byId.set(row.providerMessageId, [...(byId.get(row.providerMessageId) ?? []), row]);
  const lost: LostInbound[] = [];
  const duplicated: InboundVerdict['duplicated'] = [];
  const placed: Array<{ message: AcceptedInbound; at: string; sequence: number }> = [];
  for (const message of accepted) {
    const found = byId.get(message.providerMessageId) ?? [];
    const inTranscript = found.filter((row) => row.interactionId !== null && row.occurredAt !== null);
    if (inTranscript.length > 1) duplicated.push({ message, copies: inTranscript.length });
    const first = inTranscript[0];
    if (first?.occurredAt) placed.push({ message, at: first.occurredAt, sequence: first.gatewaySequence });
    else if (found.length === 0) lost.push({ message, missingFrom: 'gateway' });
    else if (!message.keyword) lost.push({ message, missingFrom: 'transcript' });
  }
  return { accepted: accepted.length, lost, duplicated, outOfOrder: outOfOrder(placed) };
}

function outOfOrder(
  placed: Array<{ message: AcceptedInbound; at: string; sequence: number }>,
): AcceptedInbound[] {
  const pairs = new Map<string, typeof placed>();
  for (const entry of placed) {
    const key = `${entry.message.requester}>${entry.message.company}`;
    pairs.set(key, [...(pairs.get(key) ?? []), entry]);
  }
  const late: AcceptedInbound[] = [];
  for (const entries of pairs.values()) {
    // The transcript's own order: when it happened, then the gateway's sequence.
    entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.sequence - b.sequence);
    let highest = -1;
    for (const { message } of entries) {
      if (message.indexInPair < highest) late.push(message);
      highest = Math.max(highest, message.indexInPair);
    }
  }
  return late;
}

export interface ReplyVerdict {
  accepted: number;
  delivered: number;
  /** Accepted, not on the phone, and not reported failed to the agent either. */
  lost: AcceptedReply[];
  /** Not on the phone, reported failed (the agent sees why): retries ran out during an outage. */
  failedReported: Array<{ reply: AcceptedReply; reason: string }>;
  /** On the phone more than once: the at-least-once window of decision 40. */
  duplicated: Array<{ reply: AcceptedReply; copies: number }>;
}

/** Every reply the agent-gateway accepted reached the phone once, or the agent was told it failed. */
export function checkReplies(
  replies: readonly AcceptedReply[],
  inboxes: ReadonlyMap<string, readonly string[]>,
  recorded: readonly ReplyRow[],
): ReplyVerdict {
  const statusByBody = new Map(recorded.map((row) => [row.body, row]));
  const verdict: ReplyVerdict = {
    accepted: replies.length,
    delivered: 0,
    lost: [],
    failedReported: [],
    duplicated: [],
  };
  for (const reply of replies) {
    const copies = (inboxes.get(reply.requester) ?? []).filter((body) => body === reply.body).length;
    if (copies >= 1) verdict.delivered += 1;
    if (copies > 1) verdict.duplicated.push({ reply, copies });
    if (copies > 0) continue;
    const row = statusByBody.get(reply.body);
    if (row && (row.deliveryStatus === 'failed' || row.deliveryStatus === 'undelivered')) {
      verdict.failedReported.push({ reply, reason: row.failureReason ?? row.deliveryStatus });
    } else {
      verdict.lost.push(reply);
    }
  }
  return verdict;
}

/** Timers whose action the timer service announced more than once. */
export function timersFiredTwice(rows: readonly TimerFiringRow[]): TimerFiringRow[] {
  return rows.filter((row) => row.firedEvents > 1);
}

/** Phone pairs with more than one conversation open at once (in any one snapshot). */
export function pairsWithTwoActive(
  snapshot: readonly ActiveInteractionRow[],
): Array<{ pair: string; interactionIds: string[] }> {
  const byPair = new Map<string, string[]>();
  for (const row of snapshot) {
    const key = `${row.requester}>${row.company}`;
    byPair.set(key, [...(byPair.get(key) ?? []), row.interactionId]);
  }
  return [...byPair.entries()]
    .filter(([, ids]) => ids.length > 1)
    .map(([pair, interactionIds]) => ({ pair, interactionIds }));
}

/** Samples where an agent held more than their capacity. */
export function agentsOverCapacity(samples: readonly AgentLoadRow[]): AgentLoadRow[] {
  return samples.filter((sample) => sample.capacity !== null && sample.load > sample.capacity);
}

export interface Verdict {
  ok: boolean;
  /** Why the run failed, one line each; empty when ok. */
  failures: string[];
}

/** The run fails on any loss, a transcript duplicate, two open conversations, an agent over capacity, or a timer fired twice. */
export function verdictOf(found: {
  inbound: InboundVerdict;
  replies: ReplyVerdict;
  timersTwice: number;
  twoActive: number;
  overCapacity: number;
}): Verdict {
  const failures: string[] = [];
  if (found.inbound.lost.length > 0) failures.push(`${found.inbound.lost.length} accepted inbound SMS lost`);
  if (found.inbound.duplicated.length > 0)
    failures.push(`${found.inbound.duplicated.length} inbound SMS in a transcript more than once`);
  if (found.inbound.outOfOrder.length > 0)
    failures.push(`${found.inbound.outOfOrder.length} inbound SMS out of order in their transcript`);
  if (found.replies.lost.length > 0) failures.push(`${found.replies.lost.length} agent replies lost`);
  if (found.timersTwice > 0) failures.push(`${found.timersTwice} timers fired more than once`);
  if (found.twoActive > 0) failures.push(`${found.twoActive} phone pairs with two active conversations`);
  if (found.overCapacity > 0) failures.push(`${found.overCapacity} samples of an agent over capacity`);
  return { ok: failures.length === 0, failures };
}
