// `npm start`'s supervisor (scripts/supervisor.cjs): the back-off as plain functions, then the real
// thing, two built services on an isolated environment under the supervisor in a process of its
// own: one is SIGKILLed and comes back while the other keeps running, and SIGINT stops both.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import {
  createIsolatedEnvironment,
  eventually,
  freePort,
  type IsolatedEnvironment,
  resolveTestServers,
  serviceBinary,
} from '@threadline/testkit';
import {
  DEFAULT_BACKOFF,
  describeExit,
  listeningUrl,
  nextRestart,
  restartDelayMs,
  restartMessage,
  Supervisor,
} from '../../../scripts/supervisor.cjs';

describe('the restart back-off', () => {
  it('waits 1 s before the first restart, doubling each time up to 30 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 50, 5_000].map((restart) => restartDelayMs(restart));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('follows the back-off it is given', () => {
    const backoff = { initialMs: 100, maxMs: 500, stableAfterMs: 1_000 };
    expect([1, 2, 3, 4].map((restart) => restartDelayMs(restart, backoff))).toEqual([100, 200, 400, 500]);
  });

  it('refuses a restart number below 1', () => {
    expect(() => restartDelayMs(0)).toThrow(RangeError);
  });

  it('counts restarts in a row, and starts over once a process stayed up a minute', () => {
    expect(nextRestart(0, 50)).toBe(1);
    expect(nextRestart(3, DEFAULT_BACKOFF.stableAfterMs - 1)).toBe(4);
    expect(nextRestart(5, DEFAULT_BACKOFF.stableAfterMs)).toBe(1);
  });

  it('says which process died, how, and when it comes back', () => {
    expect(restartMessage('interaction', { code: null, signal: 'SIGKILL', delayMs: 1_000, restart: 1 })).toBe(
      'interaction exited (signal SIGKILL); restarting in 1 s (restart 1)',
    );
    expect(restartMessage('timer', { code: 1, signal: null, delayMs: 250, restart: 3 })).toBe(
      'timer exited (code 1); restarting in 250 ms (restart 3)',
    );
    expect(describeExit(0, null)).toBe('code 0');
  });

  it("reads the URL from a service's listening line, and nothing from other lines", () => {
    expect(listeningUrl('{"level":"info","message":"listening","url":"http://127.0.0.1:3003"}')).toBe(
      'http://127.0.0.1:3003',
    );
    expect(listeningUrl('{"level":"info","message":"migrated","url":"http://x"}')).toBeUndefined();
    expect(listeningUrl('listening on http://127.0.0.1:3003')).toBeUndefined();
  });
});

/** A stand-in service: says it listens (unless `silent`), then exits with `code` after `afterMs`. */
function shortLived(name: string, { code = 3, afterMs = 50, silent = false } = {}) {
  const listening = JSON.stringify({ message: 'listening', url: `http://127.0.0.1/${name}` });
  const script = `${silent ? '' : `console.log(${JSON.stringify(listening)});`} setTimeout(() => process.exit(${code}), ${afterMs});`;
  return { name, command: process.execPath, args: ['-e', script] };
}

describe('the supervisor with stand-in processes', () => {
  const backoff = { initialMs: 200, maxMs: 400, stableAfterMs: 60_000 };

  it('restarts a process that listened and died, counting restarts in a row, until stopped', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({
      processes: [shortLived('flaky')],
      log: (line) => lines.push(line),
      backoff,
    });
    const spawned: number[] = [];
    supervisor.on('spawn', (_name: string, pid: number) => spawned.push(pid));
    supervisor.start();
    await eventually(() => expect(spawned).toHaveLength(3), { timeoutMs: 10_000 });
    const stopped = once(supervisor, 'stopped');
    supervisor.stop();
    await stopped;
    expect(lines.slice(0, 2)).toEqual([
      'flaky exited (code 3); restarting in 200 ms (restart 1)',
      'flaky exited (code 3); restarting in 400 ms (restart 2)',
    ]);
  });

  it('starts nothing more once stopped while a restart was waiting', async () => {
    const supervisor = new Supervisor({
      processes: [shortLived('flaky')],
      log: () => undefined,
      backoff: { ...backoff, initialMs: 5_000 },
    });
    let spawns = 0;
    supervisor.on('spawn', () => (spawns += 1));
    const exited = once(supervisor, 'exit');
    supervisor.start();
    await exited;
    const stopped = once(supervisor, 'stopped');
    supervisor.stop();
    await stopped;
    expect(spawns).toBe(1);
  });

  it('reports a process that dies before it ever listened as failed, and does not restart it', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({
      processes: [shortLived('misconfigured', { code: 1, silent: true })],
      log: (line) => lines.push(line),
      backoff,
    });
    const failed = once(supervisor, 'failed');
    supervisor.start();
    expect(await failed).toEqual(['misconfigured', 1, null]);
    const stopped = once(supervisor, 'stopped');
    supervisor.stop();
    await stopped;
    expect(lines).toEqual([]);
  });
});

/** The supervisor's process, its output so far, and the pids it started by process name. */
interface RunningSupervisor {
  child: ChildProcess;
  lines: string[];
  pids: Map<string, number[]>;
}

function superviseInOwnProcess(processes: object[]): RunningSupervisor {
  const child = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'supervise.cjs')], {
    env: { ...process.env, SUPERVISE: JSON.stringify(processes) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: RunningSupervisor = { child, lines: [], pids: new Map() };
  const record = (line: string): void => {
    running.lines.push(line);
    const spawned = /^spawned (\S+) (\d+)$/.exec(line);
    if (spawned) {
      const [, name = '', pid = ''] = spawned;
      running.pids.set(name, [...(running.pids.get(name) ?? []), Number(pid)]);
    }
  };
  createInterface({ input: child.stdout }).on('line', record);
  createInterface({ input: child.stderr }).on('line', record);
  return running;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function healthy(url: string): Promise<void> {
  const response = await fetch(`${url}/healthz`);
  expect(response.status).toBe(200);
}

describe('npm start supervising real services', () => {
  let environment: IsolatedEnvironment;
  let supervisor: RunningSupervisor | undefined;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment(await resolveTestServers());
  });

  afterAll(async () => {
    // Whatever the test left running is killed, so no service outlives it.
    if (supervisor) {
      for (const pid of [...supervisor.pids.values()].flat()) if (alive(pid)) process.kill(pid, 'SIGKILL');
      if (supervisor.child.exitCode === null) supervisor.child.kill('SIGKILL');
    }
    await environment.dispose();
  });

  it('restarts a SIGKILLed service with a line saying so while the other keeps running, and SIGINT stops both', async () => {
    const ports = { interaction: await freePort(), profile: await freePort() };
    const url = (name: keyof typeof ports): string => `http://127.0.0.1:${ports[name]}`;
    supervisor = superviseInOwnProcess(
      (['interaction', 'profile'] as const).map((name) => ({
        name,
        command: process.execPath,
        args: [serviceBinary(name, 'main.js')],
        env: { ...process.env, ...environment.env, LOG_LEVEL: 'info', HTTP_PORT: String(ports[name]) },
      })),
    );
    const running = supervisor;
    const listeningCount = (name: string): number =>
      running.lines.filter((line) => line.startsWith(`listening ${name} `)).length;

    await eventually(
      () => {
        expect(listeningCount('interaction')).toBe(1);
        expect(listeningCount('profile')).toBe(1);
      },
      { timeoutMs: 90_000 },
    );
    await healthy(url('interaction'));
    await healthy(url('profile'));
    const [interactionPid] = running.pids.get('interaction') ?? [];
    const [profilePid] = running.pids.get('profile') ?? [];
    expect(interactionPid).toBeDefined();
    expect(profilePid).toBeDefined();

    process.kill(interactionPid!, 'SIGKILL');

    await eventually(() => expect(listeningCount('interaction')).toBe(2), { timeoutMs: 90_000 });
    expect(running.lines).toContain(
      'threadline: interaction exited (signal SIGKILL); restarting in 1 s (restart 1)',
    );
    const interactionPids = running.pids.get('interaction') ?? [];
    expect(interactionPids).toHaveLength(2);
    expect(alive(interactionPids[1]!)).toBe(true);
    await eventually(() => healthy(url('interaction')));
    // The other one was never touched: the same process, answering, and never restarted.
    expect(running.pids.get('profile')).toEqual([profilePid]);
    expect(alive(profilePid!)).toBe(true);
    await healthy(url('profile'));
    expect(running.lines.filter((line) => line.includes('restarting'))).toHaveLength(1);

    const exited = once(running.child, 'exit');
    running.child.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(running.lines).toContain('threadline: stopping all services (press Ctrl-C again to force)');
    expect(alive(interactionPids[1]!)).toBe(false);
    expect(alive(profilePid!)).toBe(false);
    // Stopping on request restarts nothing.
    expect(running.lines.filter((line) => line.includes('restarting'))).toHaveLength(1);
    // Two services starting twice: well under a minute on a quiet machine, minutes on a crowded one.
  }, 240_000);
});
