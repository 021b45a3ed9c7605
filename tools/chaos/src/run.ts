import { type ChaosOptions } from './args';
import {
  agentsOverCapacity,
  checkInbound,
  checkReplies,
  pairsWithTwoActive,
  timersFiredTwice,
  verdictOf,
} from './checks';
import { type FaultOutcome, type PlannedFault, planFaults, summariseFaults } from './faults';
import { AgentDesk, configureForChaos, InboundLoad, SUPPORT } from './load';
import { SeededRandom } from './random';
import type { AgentLoadRow } from './records';
import { type ChaosReport } from './report';
import { type PrivateServers, startPrivateServers } from './servers';
import { sleep, Supervisor } from './supervisor';
import { type ChaosSystem, startChaosSystem } from './system';
import { Tables } from './tables';

const RECOVERY_DEADLINE_MS = 120_000;
const SAMPLE_EVERY_MS = 5_000;
/** The drain gives up when nothing more arrived for this long... */
const DRAIN_STALL_MS = 60_000;
/** ...or after this long in all, whatever still arrives. */
const MAX_DRAIN_MS = 30 * 60_000;
const DRAIN_CHECK_EVERY_MS = 10_000;

/** Keeps trying `read` (a table read while Postgres may be restarting) until `deadline`. */
async function retrying<T>(read: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(1_000);
    }
  }
}

/** Probes and faults share one phone range, clear of the load's requesters. */
function probePhone(index: number): string {
  return `+1555${String(3_000_000 + index).padStart(7, '0')}`;
}

interface Context {
  servers: PrivateServers;
  supervisor: Supervisor;
  system: ChaosSystem;
  tables: Tables;
  load: InboundLoad;
  say: (line: string) => void;
}

async function injectFault(fault: PlannedFault, context: Context): Promise<void> {
  const { servers, supervisor, system } = context;
  const outage = (body: unknown) =>
    fetch(`${system.simulatorUrl}/sim/outage`, {
      method: body === undefined ? 'DELETE' : 'PUT',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  switch (fault.kind) {
    case 'kill-service':
      supervisor.kill(fault.target ?? 'interaction');
      return;
    case 'nats-restart':
      await servers.nats.stop('graceful');
      await sleep(fault.downMs);
      await servers.nats.start();
      return;
    case 'postgres-restart':
      await servers.postgres.stop('crash');
      await sleep(fault.downMs);
      await servers.postgres.start();
      return;
    case 'redis-down':
      await servers.redis.stop('graceful');
      await sleep(fault.downMs);
      await servers.redis.start();
      return;
    case 'provider-errors':
    case 'provider-timeouts':
      await outage(fault.kind === 'provider-errors' ? { mode: 'error', status: 503 } : { mode: 'timeout' });
      await sleep(fault.downMs);
      await outage(undefined);
      return;
  }
}

/**
 * From the fault's end until the system works again. Provider faults: until every send asked
 * for before the end has been taken (or given up). Others: until a probe SMS sent at the end is
 * in its conversation's transcript.
 */
async function measureRecovery(
  fault: PlannedFault,
  index: number,
  endedAt: number,
  context: Context,
  latest: number,
): Promise<number | null> {
  const deadline = Math.min(endedAt + RECOVERY_DEADLINE_MS, latest);
  try {
    if (fault.kind === 'provider-errors' || fault.kind === 'provider-timeouts') {
      // Recovered when the provider takes a send again: the replies retried during the outage go first.
      while (Date.now() < deadline) {
        const taken = await context.tables.firstSendTakenAfter(new Date(endedAt)).catch(() => null);
        if (taken) return Math.max(0, taken.getTime() - endedAt);
        await sleep(250);
      }
      return null;
    }
    const probe = await context.load.send(
      probePhone(index),
      SUPPORT,
      `Probe after fault ${index + 1} (${fault.kind})`,
    );
    if (!probe.accepted) return null;
    while (Date.now() < deadline) {
      const rows = await context.tables.inbound([probe.providerMessageId]).catch(() => []);
      if (rows.some((row) => row.interactionId !== null)) return Date.now() - endedAt;
      await sleep(250);
    }
    return null;
  } catch {
    return null;
  }
}

/** The whole run: servers, system, load, faults, drain, checks. Cleans up whatever happens. */
export async function runChaos(options: ChaosOptions, say: (line: string) => void): Promise<ChaosReport> {
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    say(`chaos: ${signal}: stopping every process and removing the private servers`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    say('chaos: starting private PostgreSQL, NATS (JetStream) and Redis');
    const servers = await startPrivateServers();
    cleanups.push(() => servers.dispose());
    const supervisor = new Supervisor(say);
    cleanups.push(() => supervisor.stopAll());
    say('chaos: starting the provider simulator and the six services under the supervisor');
    const system = await startChaosSystem(servers, supervisor);
    await configureForChaos(system.agentGatewayUrl);
    const tables = new Tables(servers.postgres.url);
    cleanups.push(() => tables.close());

    // After the load: the first half of this window for webhook retries, all of it for measuring
    // the faults' recoveries; the backlog then drains for as long as it shrinks (below).
    const drainMs = Math.min(120_000, Math.max(40_000, options.durationMs * 0.25));
    const loadStart = Date.now();
    const stopAt = loadStart + options.durationMs;
    const giveUpAt = stopAt + drainMs / 2;
    const drainedBy = stopAt + drainMs;
    const runId = options.seed.toString(16).padStart(8, '0');
    const load = new InboundLoad(
      `${system.gatewayUrl}/webhooks/twilio/sms`,
      options.rate,
      new SeededRandom(options.seed),
      runId,
      () => giveUpAt,
    );
    const desk = new AgentDesk(system.agentGatewayUrl, new SeededRandom(options.seed + 1));
    const context: Context = { servers, supervisor, system, tables, load, say };
    say(
      `chaos: load for ${options.durationMs / 1_000} s at ${options.rate} SMS/s, faults on the seed's schedule`,
    );
    const loadDone = load.run();
    const deskDone = desk.run();

    const loadSamples: AgentLoadRow[] = [];
    const twoActive = new Map<string, string[]>();
    let sampling = true;
    const sample = async () => {
      const [loads, active] = await Promise.all([tables.agentLoads(), tables.activeInteractions()]);
      loadSamples.push(...loads.filter((row) => row.capacity !== null));
      for (const found of pairsWithTwoActive(active)) twoActive.set(found.pair, found.interactionIds);
    };
    const sampler = (async () => {
      while (sampling) {
        await sample().catch(() => undefined);
        await sleep(SAMPLE_EVERY_MS);
      }
    })();

    const outcomes: FaultOutcome[] = [];
    const recoveries: Array<Promise<void>> = [];
    const plan = planFaults(options.seed, options.durationMs);
    for (const [index, fault] of plan.entries()) {
      const wait = loadStart + fault.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      const injectedAtMs = Date.now() - loadStart;
      say(
        `chaos: fault ${index + 1}/${plan.length} at ${(injectedAtMs / 1_000).toFixed(1)} s: ${fault.kind}${fault.target ? ` ${fault.target}` : ''}`,
      );
      await injectFault(fault, context).catch((error: unknown) =>
        say(`chaos: injecting ${fault.kind} failed: ${String(error)}`),
      );
      const outcome: FaultOutcome = { ...fault, injectedAtMs, recoveryMs: null };
      outcomes.push(outcome);
      const endedAt = Date.now();
      recoveries.push(
        measureRecovery(fault, index, endedAt, context, drainedBy).then((recoveryMs) => {
          outcome.recoveryMs = recoveryMs;
          say(
            `chaos: fault ${index + 1} (${fault.kind}) recovered ${recoveryMs === null ? 'never' : `in ${(recoveryMs / 1_000).toFixed(1)} s`}`,
          );
        }),
      );
    }
    const remaining = stopAt - Date.now();
    if (remaining > 0) await sleep(remaining);
    load.stop();
    desk.stop();
    await Promise.all([loadDone, deskDone]);
    say(
      `chaos: load stopped (${load.sentCount} sent); waiting for retries and recoveries (at most ${drainMs / 1_000} s), then for the backlog as long as it shrinks`,
    );
    await load.drained();
    await Promise.all(recoveries);

    const accepted = [...load.accepted];
    const check = async () => {
      const [inboundRows, replyRows] = await Promise.all([
        tables.inbound(accepted.map((message) => message.providerMessageId)),
        tables.replies(),
      ]);
      const inboxes = await phoneInboxes(system.simulatorUrl, [
        ...new Set(desk.replies.map((reply) => reply.requester)),
      ]);
      return {
        inbound: checkInbound(accepted, inboundRows),
        replies: checkReplies(desk.replies, inboxes, replyRows),
      };
    };
    // A message is lost when it stops coming, not when it is late: when the load outran the
    // machine, the backlog drains after the load stops, and the run waits for it as long as it
    // shrinks (docs/chaos.md). What is still missing after a stall, or at the cap, is lost.
    const missing = (result: Awaited<ReturnType<typeof check>>) =>
      result.inbound.lost.length + result.replies.lost.length;
    const drainCapAt = Date.now() + MAX_DRAIN_MS;
    let found = await retrying(check, Date.now() + DRAIN_STALL_MS);
    const backlogAtStop = missing(found);
    let fewest = backlogAtStop;
    let progressAt = Date.now();
    while (missing(found) > 0 && Date.now() - progressAt < DRAIN_STALL_MS && Date.now() < drainCapAt) {
      say(
        `chaos: draining: ${found.inbound.lost.length} inbound and ${found.replies.lost.length} replies not arrived yet`,
      );
      // Not more often: each look reads every accepted message and every phone's inbox, which
      // takes from the machine that is draining.
      await sleep(DRAIN_CHECK_EVERY_MS);
      found = await retrying(check, Date.now() + DRAIN_STALL_MS);
      if (missing(found) < fewest) {
        fewest = missing(found);
        progressAt = Date.now();
      }
    }
    const deadline = Date.now();
    const drain = { backlogAtStop, tookMs: deadline - stopAt };
    sampling = false;
    await sampler;
    await retrying(sample, deadline + 30_000);
    const [firings, fired, deadLetters, rejected, unpublishedOutbox] = await retrying(
      () =>
        Promise.all([
          tables.timerFirings(),
          tables.firedTimers(),
          tables.deadLetters(),
          tables.rejected(),
          tables.unpublishedOutbox(),
        ]),
      deadline + 30_000,
    );
    const firedTwice = timersFiredTwice(firings);
    const overCapacity = agentsOverCapacity(loadSamples);
    const verdict = verdictOf({
      inbound: found.inbound,
      replies: found.replies,
      timersTwice: firedTwice.length,
      twoActive: twoActive.size,
      overCapacity: overCapacity.length,
    });
    return {
      seed: options.seed,
      durationMs: options.durationMs,
      rate: options.rate,
      faults: outcomes,
      faultsByKind: summariseFaults(outcomes),
      inbound: {
        sent: load.sentCount,
        accepted: accepted.length,
        abandoned: load.abandoned,
        lost: found.inbound.lost,
        duplicated: found.inbound.duplicated,
        outOfOrder: found.inbound.outOfOrder,
        webhookRetries: accepted.reduce((sum, message) => sum + message.attempts - 1, 0),
      },
      desk: {
        acceptedOffers: desk.acceptedOffers,
        ended: desk.ended,
        answers: Object.fromEntries([...desk.answers.entries()].sort()),
      },
      replies: {
        accepted: found.replies.accepted,
        delivered: found.replies.delivered,
        refusedByStatus: Object.fromEntries(desk.refusedReplies),
        lost: found.replies.lost,
        failedReported: found.replies.failedReported,
        duplicated: found.replies.duplicated,
      },
      timers: { fired, firedTwice: firedTwice.length },
      twoActive: [...twoActive.entries()].map(([pair, interactionIds]) => ({ pair, interactionIds })),
      overCapacity,
      capacitySamples: loadSamples.length,
      deadLetters,
      rejected,
      drain,
      unpublishedOutbox,
      processes: [...supervisor.records.values()],
      verdict,
    };
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    say('chaos: stopping every process and removing the private servers');
    await cleanUp();
  }
}

/** What each phone received, as bodies, from the simulator. */
async function phoneInboxes(simulatorUrl: string, phones: readonly string[]): Promise<Map<string, string[]>> {
  const inboxes = new Map<string, string[]>();
  for (const phone of phones) {
    const answer = await fetch(`${simulatorUrl}/sim/phones/${encodeURIComponent(phone)}/messages`);
    if (!answer.ok) throw new Error(`simulator inbox of ${phone}: HTTP ${answer.status}`);
    const messages = (await answer.json()) as Array<{ body: string }>;
    inboxes.set(
      phone,
      messages.map((message) => message.body),
    );
  }
  return inboxes;
}
