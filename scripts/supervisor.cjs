'use strict';
// Keeps the processes `npm start` runs alive: one that dies is started again on its own, after a
// back-off that grows while it keeps dying, and the others go on undisturbed. Everything stops only
// when the supervisor is told to (Ctrl-C or SIGTERM), gracefully, and a second Ctrl-C forces it.
//
// CommonJS, with no dependencies, so that start.mjs imports it before anything is built and the
// deployment tests (jest, CommonJS) require it as it is.
const { spawn } = require('node:child_process');
const { EventEmitter } = require('node:events');
const { createInterface } = require('node:readline');

/** 1 s, doubling to 30 s; a process that stayed up a minute starts again from 1 s. */
const DEFAULT_BACKOFF = Object.freeze({ initialMs: 1_000, maxMs: 30_000, stableAfterMs: 60_000 });

/** The wait before the `restart`-th restart in a row (1 for the first): doubling, capped. */
function restartDelayMs(restart, backoff = DEFAULT_BACKOFF) {
  if (!Number.isInteger(restart) || restart < 1)
    throw new RangeError(`restart must be 1 or more, got ${restart}`);
  // Capped before exponentiating, so a process that has died a thousand times does not overflow.
  const doublings = Math.min(restart - 1, 30);
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** doublings);
}

/**
 * The number of the restart that follows an exit: one more than the last, unless the process had
 * stayed up long enough to count as healthy again, when the back-off starts over.
 */
function nextRestart(previousRestart, upForMs, backoff = DEFAULT_BACKOFF) {
  return upForMs >= backoff.stableAfterMs ? 1 : previousRestart + 1;
}

/** "1 s", "30 s", "250 ms". */
function formatDelay(ms) {
  return ms >= 1_000 && ms % 1_000 === 0 ? `${ms / 1_000} s` : `${ms} ms`;
}

/** How a process ended, in words: "signal SIGKILL" or "code 1". */
function describeExit(code, signal) {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/** The line printed when a process died and will be started again. */
function restartMessage(name, { code, signal, delayMs, restart }) {
  return `${name} exited (${describeExit(code, signal)}); restarting in ${formatDelay(delayMs)} (restart ${restart})`;
}

/**
 * Runs `processes` ({ name, command, args, env, cwd }) and restarts any that exits on its own.
 * Each output line goes through `onLine(name, line, stream)`; a JSON line of the form the services
 * log when they listen (`{ message: '... listening ...', url }`) emits `listening` (name, url).
 * Events: `spawn` (name, pid), `listening` (name, url), `exit` (name, code, signal),
 * `failed` (name, code, signal) for a process that died before it ever listened (a setting or a
 * server is wrong: restarting would only repeat the error, so everything is stopped), and
 * `stopped` once every process has exited after `stop()`.
 */
class Supervisor extends EventEmitter {
  constructor({ processes, log, onLine, backoff = DEFAULT_BACKOFF }) {
    super();
    this.log = log;
    this.onLine = onLine;
    this.backoff = backoff;
    this.stopping = false;
    this.entries = processes.map((definition) => ({
      definition,
      child: undefined,
      startedAt: 0,
      restart: 0,
      listenedOnce: false,
      pendingRestart: undefined,
    }));
  }

  start() {
    for (const entry of this.entries) this.spawn(entry);
  }

  /** Stops every process with SIGTERM (gracefully); with `force`, with SIGKILL. */
  stop({ force = false } = {}) {
    this.stopping = true;
    for (const entry of this.entries) {
      clearTimeout(entry.pendingRestart);
      entry.pendingRestart = undefined;
      if (entry.child && entry.child.exitCode === null && entry.child.signalCode === null) {
        entry.child.kill(force ? 'SIGKILL' : 'SIGTERM');
      }
    }
    this.emitStoppedWhenDone();
  }

  /**
   * Ctrl-C and SIGTERM stop everything gracefully; a second one forces the processes still
   * running to stop at once.
   */
  stopOnSignals() {
    let signals = 0;
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.on(signal, () => {
        signals += 1;
        if (signals === 1) {
          this.log('stopping all services (press Ctrl-C again to force)');
          this.stop();
        } else {
          this.log('forcing the remaining services to stop');
          this.stop({ force: true });
        }
      });
    }
  }

  running() {
    return this.entries.filter(
      (entry) => entry.child && entry.child.exitCode === null && entry.child.signalCode === null,
    );
  }

  emitStoppedWhenDone() {
    if (this.stopping && this.running().length === 0 && !this.stoppedEmitted) {
      this.stoppedEmitted = true;
      this.emit('stopped');
    }
  }

  spawn(entry) {
    const { name, command, args = [], env, cwd } = entry.definition;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    entry.child = child;
    entry.startedAt = Date.now();
    this.emit('spawn', name, child.pid);
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.onLine?.(name, line, 'stdout');
      const url = listeningUrl(line);
      if (url !== undefined) {
        entry.listenedOnce = true;
        this.emit('listening', name, url);
      }
    });
    createInterface({ input: child.stderr }).on('line', (line) => this.onLine?.(name, line, 'stderr'));
    child.on('exit', (code, signal) => this.exited(entry, child, code, signal));
  }

  exited(entry, child, code, signal) {
    const { name } = entry.definition;
    this.emit('exit', name, code, signal);
    if (this.stopping) {
      this.emitStoppedWhenDone();
      return;
    }
    if (!entry.listenedOnce) {
      this.emit('failed', name, code, signal);
      return;
    }
    entry.restart = nextRestart(entry.restart, Date.now() - entry.startedAt, this.backoff);
    const delayMs = restartDelayMs(entry.restart, this.backoff);
    this.log(restartMessage(name, { code, signal, delayMs, restart: entry.restart }));
    entry.pendingRestart = setTimeout(() => {
      entry.pendingRestart = undefined;
      if (!this.stopping && entry.child === child) this.spawn(entry);
    }, delayMs);
  }
}

/** The URL in a service's "listening" log line, if `line` is one. */
function listeningUrl(line) {
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  return record && typeof record.url === 'string' && String(record.message).includes('listening')
    ? record.url
    : undefined;
}

module.exports = {
  DEFAULT_BACKOFF,
  restartDelayMs,
  nextRestart,
  restartMessage,
  describeExit,
  listeningUrl,
  Supervisor,
};
