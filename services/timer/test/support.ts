// Shared by timer's integration suites.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { decodeEnvelope, type EnvelopeOf, type Subject, streams } from '@threadline/contracts';
import { createDataSource, migrate, Namespace } from '@threadline/platform';
import { type MessageTap, serviceBinary } from '@threadline/testkit';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { timerIdFor } from '../src/domain/arming';
import type { NewTimer } from '../src/infra/timer.repository';
import { timerService } from '../src/timer.service';

/** A migrated DataSource over the timer schema of the environment's database. */
export async function timerDataSource(databaseUrl: string, name: string): Promise<DataSource> {
  const dataSource = createDataSource({
    url: databaseUrl,
    schema: timerService.schema,
    poolSize: 4,
    applicationName: `timer-${name}`,
    migrations: timerService.migrations,
  });
  await dataSource.initialize();
  await migrate(dataSource, timerService.schema, pino({ level: 'silent' }));
  return dataSource;
}

/** A timer of a new interaction and action (unless given), armed by a new message, due at `dueAt`. */
export function newTimer(dueAt: Date, extras: Partial<Omit<NewTimer, 'id'>> = {}): NewTimer {
  const interactionId = extras.interactionId ?? uuidv7();
  const actionId = extras.actionId ?? uuidv7();
  const armedByMessageId = extras.armedByMessageId ?? uuidv7();
  return {
    id: timerIdFor(interactionId, actionId, armedByMessageId),
    interactionId,
    actionId,
    armedByMessageId,
    dueAt,
  };
}

/** The built-in "Close abandoned conversations" action (migration 1796515200000): set_state, no filter. */
export const CLOSE_ABANDONED_ACTION_ID = '0193a000-0000-7000-8000-00000000a702';

/** A timer service running as its own process (`dist/main.js`), as it runs in production. */
export interface TimerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Every JSON line it logged so far. */
  readonly logs: Array<Record<string, unknown>>;
  /** Resolves with its URL once it listens; rejects if it exits first. */
  readonly listening: Promise<string>;
  /** Resolves once the process has exited, however. */
  readonly exited: Promise<void>;
  /** The timer ids it logged 'timer fired' for, in order. */
  firedIds(): string[];
  /** Sends `signal` (unless it exited already) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `services/timer/dist/main.js` like testkit's spawnService, but hands the process back at
 * once instead of when it listens: the timer service fires the timers that are overdue at start
 * before it listens (TimerHandlers.onApplicationBootstrap), and a test that kills it during that
 * firing, or must clean it up whatever happens, needs the child from the start. Build first.
 */
export function launchTimerProcess(name: string, env: Record<string, string>): TimerProcess {
  const entry = serviceBinary('timer', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the timer service first`);
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const listening = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        stderr.push(line);
        return;
      }
      logs.push(record);
      if (typeof record.url === 'string' && String(record.message).includes('listening')) resolve(record.url);
    });
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `timer ${name} exited (${code ?? signal}) before listening: ${stderr.join('').slice(-2_000)}`,
        ),
      ),
    );
  });
  // Observed by whoever awaits it; a process killed before it listens must not fail the run.
  listening.catch(() => undefined);
  return {
    name,
    child,
    logs,
    listening,
    exited,
    firedIds: () =>
      logs
        .filter((record) => record.message === 'timer fired' && typeof record.timerId === 'string')
        .map((record) => record.timerId as string),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Counts of the timer store, by state. */
export async function timerCounts(
  db: DataSource,
): Promise<{ armed: number; fired: number; disarmed: number; total: number }> {
  const [row] = await db.query<Array<{ armed: number; fired: number; disarmed: number; total: number }>>(
    `SELECT count(*) FILTER (WHERE state = 'armed')::int AS armed,
            count(*) FILTER (WHERE state = 'fired')::int AS fired,
            count(*) FILTER (WHERE state = 'disarmed')::int AS disarmed,
            count(*)::int AS total
       FROM timer`,
  );
  return row!;
}

/** The timer.action.fired.v1 rows of the outbox, counted per timer id (`data.timerId` of the envelope). */
export async function firedEventsPerTimer(db: DataSource): Promise<Map<string, number>> {
  const rows = await db.query<Array<{ timer_id: string; events: number }>>(
    `SELECT payload->'data'->>'timerId' AS timer_id, count(*)::int AS events
       FROM outbox WHERE subject = 'timer.action.fired.v1'
      GROUP BY 1`,
  );
  return new Map(rows.map((row) => [row.timer_id, row.events]));
}

/**
 * Every message JetStream stored on `subject` in the namespace's TIMER stream, read through the
 * JetStream API over a plain connection (STREAM.INFO, then STREAM.MSG.GET per sequence).
 */
export async function storedTimerEvents<S extends Subject>(
  nc: MessageTap['nc'],
  namespace: string,
  subject: S,
): Promise<Array<EnvelopeOf<S>>> {
  const ns = new Namespace(namespace);
  const stream = ns.stream(streams.TIMER.name);
  const wireSubject = ns.subject(subject);
  const api = async <T>(call: string, body: unknown): Promise<T> => {
    const reply = await nc.request(`$JS.API.${call}`, JSON.stringify(body), { timeout: 5_000 });
    const answer = reply.json<T & { error?: { description: string } }>();
    if (answer.error) throw new Error(`${call}: ${answer.error.description}`);
    return answer;
  };
  const info = await api<{ state: { first_seq: number; last_seq: number; messages: number } }>(
    `STREAM.INFO.${stream}`,
    {},
  );
  const sequences: number[] = [];
  if (info.state.messages > 0) {
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) sequences.push(seq);
  }
  const envelopes: Array<EnvelopeOf<S>> = [];
  for (let start = 0; start < sequences.length; start += 200) {
    const got = await Promise.all(
      sequences
        .slice(start, start + 200)
        .map((seq) =>
          api<{ message: { subject: string; data?: string } }>(`STREAM.MSG.GET.${stream}`, { seq }),
        ),
    );
    for (const { message } of got) {
      if (message.subject !== wireSubject) continue;
      envelopes.push(decodeEnvelope(subject, Buffer.from(message.data ?? '', 'base64')) as EnvelopeOf<S>);
    }
  }
  return envelopes;
}
