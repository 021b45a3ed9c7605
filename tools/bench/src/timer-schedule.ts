import { createHash } from 'node:crypto';

/**
 * The timer benchmark's pure parts: the ids of the seeded timers (the same in SQL and here),
 * the schedules of deadlines it arms, and how it reads its settings and the kernel's figures.
 */

/** What Postgres' `md5(text)::uuid` gives for `text`: the seed's deterministic ids. */
export function md5Uuid(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Each seeded interaction has this many actions armed, one timer each. */
export const ACTIONS_PER_INTERACTION = 2;

/**
 * A uuid that grows with `n`, shaped like a v7 (the interactions' ids are v7: time-ordered), so
 * the seed adds interactions to the (interaction_id, action_id) index in order, as they come.
 */
export function orderedUuid(n: number): string {
  return `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/**
 * The seed's columns as SQL over `n` (a bigint from generate_series); `seededTimer(n)` is the
 * same in JavaScript, so the bench knows which timer is armed for an interaction's action.
 * Timer ids are hashes, like timerIdFor's (uuid v5); interaction ids are ordered, like v7.
 */
export const SEEDED_COLUMNS_SQL = {
  id: `md5('timer-' || n)::uuid`,
  interactionId: `('00000000-0000-7000-8000-' || lpad(to_hex(n / ${ACTIONS_PER_INTERACTION}), 12, '0'))::uuid`,
  actionId: `md5('action-' || (n % ${ACTIONS_PER_INTERACTION}))::uuid`,
  armedByMessageId: `md5('message-' || n)::uuid`,
} as const;

export interface SeededTimer {
  id: string;
  interactionId: string;
  actionId: string;
  armedByMessageId: string;
}

/** The n-th seeded timer's ids, as SEEDED_COLUMNS_SQL writes them. */
export function seededTimer(n: number): SeededTimer {
  return {
    id: md5Uuid(`timer-${n}`),
    interactionId: orderedUuid(Math.floor(n / ACTIONS_PER_INTERACTION)),
    actionId: md5Uuid(`action-${n % ACTIONS_PER_INTERACTION}`),
    armedByMessageId: md5Uuid(`message-${n}`),
  };
}

/** How many interactions `pending` seeded timers belong to. */
export function interactionsOf(pending: number): number {
  return Math.ceil(pending / ACTIONS_PER_INTERACTION);
}

/**
 * The interaction a re-arm worker takes at its `step`-th transaction: workers take turns over
 * the interactions, so no two workers touch one at the same time, and wrap around at the end.
 */
export function rearmTarget(worker: number, workers: number, step: number, interactions: number): number {
  return (worker + step * workers) % interactions;
}

/** `count` deadlines (epoch ms) from `startMs`, at a steady `perSecond`. */
export function steadySchedule(startMs: number, perSecond: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => startMs + Math.floor((i * 1000) / perSecond));
}

/** `count` deadlines (epoch ms) spread evenly over [startMs, startMs + windowMs). */
export function burstSchedule(startMs: number, count: number, windowMs: number): number[] {
  return Array.from({ length: count }, (_, i) => startMs + Math.floor((i * windowMs) / count));
}

/**
 * How far ahead the first deadline must be so that arming `count` timers, at the rate arming
 * went at before, is over before it: twice as long as it should take plus a second, at least
 * `minimumMs`.
 */
export function armingLeadMs(count: number, armedPerSecond: number, minimumMs: number): number {
  const expected = armedPerSecond > 0 ? (count / armedPerSecond) * 1000 : Number.POSITIVE_INFINITY;
  return Math.max(minimumMs, Math.ceil(2 * expected + 1000));
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM…); NaN when it is not there. */
export function procStatusKb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

/** A positive number from the environment, or `fallback` when unset or empty. */
export function envNumber(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

/** A positive whole number from the environment, or `fallback` when unset or empty. */
export function envInteger(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = envNumber(name, fallback, env);
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number, got ${env[name]}`);
  return value;
}
