import { SeededRandom } from './random';

export const FAULT_KINDS = [
  'kill-service',
  'nats-restart',
  'postgres-restart',
  'redis-down',
  'provider-errors',
  'provider-timeouts',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The services a `kill-service` fault may SIGKILL (the simulator stands for the provider: it stays). */
export const KILLABLE = [
  'agent-gateway',
  'sms-gateway',
  'profile',
  'interaction',
  'routing',
  'timer',
] as const;

export interface PlannedFault {
  kind: FaultKind;
  /** From the start of the load. */
  atMs: number;
  /** How long the server stays down or the provider keeps failing (0 for a SIGKILL). */
  downMs: number;
  /** For `kill-service`: which one. */
  target: string | null;
}

/**
 * The run's faults, from its seed alone: evenly spaced between the first and the last tenth of
 * the load (so traffic is flowing before the first and the system settles after the last),
 * every kind at least once in a seeded order, then kinds at random. Outages last a few seconds
 * to a few tens, shorter in short runs so they fit their slot.
 */
export function planFaults(seed: number, durationMs: number): PlannedFault[] {
  const random = new SeededRandom(seed ^ 0x9e3779b9);
  const count = Math.max(FAULT_KINDS.length, Math.round(durationMs / 40_000));
  const first = durationMs * 0.1;
  const span = durationMs * 0.8;
  const slotMs = span / count;
  const kinds: FaultKind[] = [...FAULT_KINDS];
  for (let index = kinds.length - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [kinds[index], kinds[other]] = [kinds[other] as FaultKind, kinds[index] as FaultKind];
  }
  while (kinds.length < count) kinds.push(random.pick(FAULT_KINDS));
  const longest = (upToMs: number) => Math.max(1_000, Math.min(upToMs, slotMs * 0.5));
  return kinds.map((kind, index) => {
    const atMs = Math.round(first + index * slotMs);
    switch (kind) {
      case 'kill-service':
        return { kind, atMs, downMs: 0, target: random.pick(KILLABLE) };
      case 'nats-restart':
        return { kind, atMs, downMs: Math.round(longest(random.int(1_000, 4_000))), target: null };
      case 'postgres-restart':
        return { kind, atMs, downMs: Math.round(longest(random.int(1_000, 5_000))), target: null };
      case 'redis-down':
        return { kind, atMs, downMs: Math.round(longest(random.int(5_000, 20_000))), target: null };
      default:
        return { kind, atMs, downMs: Math.round(longest(random.int(5_000, 30_000))), target: null };
    }
  });
}

export interface FaultOutcome extends PlannedFault {
  /** When it was actually injected, from the start of the load (a busy machine runs late). */
  injectedAtMs: number;
  /** From the fault's end (server back, provider healthy, SIGKILL sent) until a probe message sent then was in its transcript; null if it never was. */
  recoveryMs: number | null;
}

/** Per kind: how many, and the slowest recovery. */
export function summariseFaults(
  outcomes: readonly FaultOutcome[],
): Array<{ kind: FaultKind; count: number; recovered: number; worstRecoveryMs: number | null }> {
  return FAULT_KINDS.map((kind) => {
    const mine = outcomes.filter((outcome) => outcome.kind === kind);
    const recoveries = mine.flatMap((outcome) => (outcome.recoveryMs === null ? [] : [outcome.recoveryMs]));
    return {
      kind,
      count: mine.length,
      recovered: recoveries.length,
      worstRecoveryMs: recoveries.length > 0 ? Math.max(...recoveries) : null,
    };
  });
}
