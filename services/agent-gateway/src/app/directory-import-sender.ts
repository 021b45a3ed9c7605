import { setTimeout as sleep } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { queries } from '@threadline/contracts';
import { AppError, type BackoffSettings, CONFIG, LOGGER, retryDelayMs, RUNTIME } from '@threadline/platform';
import type { Logger } from 'pino';
import type { AgentGatewayConfig } from '../config';
import { chunkCount, type ImportChunk } from '../domain/import-chunks';
import { askOwner, type QueryAsker } from './ask-owner';

/** Profile upserts a chunk of 1,000 rows in one transaction: allow more than the usual 5 s. */
export const CHUNK_TIMEOUT_MS = 30_000;
/** Retries of a chunk profile did not answer: about 15 s in all before the import is given up. */
export const CHUNK_RETRIES = 5;
const CHUNK_BACKOFF: BackoffSettings = { baseMs: 500, maxMs: 8_000, jitter: 0.2 };
const PROGRESS_EVERY_CHUNKS = 10;

export interface ImportSending {
  asker: QueryAsker;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  sleep: (ms: number) => Promise<void>;
  /** True once the process is shutting down: sending stops before the next chunk. */
  stopping: () => boolean;
}

export type ImportOutcome = 'finished' | 'interrupted' | 'failed';

/** Profile not answering (down, busy, or too slow) is worth another try; a refusal is not. */
function isUnavailable(error: unknown): boolean {
  return error instanceof AppError && error.status === 503;
}

async function withRetries<T>(
  sending: ImportSending,
  context: { importId: string; step: string },
  attempt: () => Promise<T>,
): Promise<T> {
  for (let retry = 1; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isUnavailable(error) || retry > CHUNK_RETRIES || sending.stopping()) throw error;
      const delayMs = retryDelayMs(retry, CHUNK_BACKOFF);
      sending.logger.warn(
        { ...context, retry, delayMs },
        'directory import: profile did not answer; retrying',
      );
      await sending.sleep(delayMs);
    }
  }
}

/**
 * Sends an import's chunks in order, then finishes it. Chunks are made as they are sent, so
 * only one is in memory at a time. Every step can be repeated safely: profile records each
 * chunk under its number and answers a repeat from that record. When it gives up (profile
 * unavailable for too long, or a refusal) it logs the import id; profile then reports the
 * import as stalled, and uploading the file again with the same Idempotency-Key resumes it.
 */
export async function sendImport(
  sending: ImportSending,
  importId: string,
  chunks: Iterable<ImportChunk>,
  totalRows: number,
): Promise<ImportOutcome> {
  const { asker, logger } = sending;
  const chunkTotal = chunkCount(totalRows);
  let rowsSent = 0;
  try {
    for (const chunk of chunks) {
      if (sending.stopping()) {
        logger.warn(
          { importId, chunkIndex: chunk.chunkIndex },
          'directory import interrupted by shutdown; upload the file again with the same Idempotency-Key to resume it',
        );
        return 'interrupted';
      }
      await withRetries(sending, { importId, step: `chunk ${chunk.chunkIndex}` }, () =>
        askOwner(
          asker,
          queries.importChunk,
          { importId, chunkIndex: chunk.chunkIndex, rows: chunk.rows, unreadable: chunk.unreadable },
          CHUNK_TIMEOUT_MS,
        ),
      );
      rowsSent += chunk.rows.length + chunk.unreadable.length;
      if ((chunk.chunkIndex + 1) % PROGRESS_EVERY_CHUNKS === 0) {
        logger.info(
          { importId, chunksSent: chunk.chunkIndex + 1, chunks: chunkTotal, rowsSent, totalRows },
          'directory import progress',
        );
      }
    }
    const status = await withRetries(sending, { importId, step: 'finish' }, () =>
      askOwner(asker, queries.finishImport, { importId }),
    );
    logger.info(
      {
        importId,
        totalRows: status.totalRows,
        acceptedRows: status.acceptedRows,
        rejectedRows: status.rejectedRows,
      },
      'directory import sent',
    );
    return 'finished';
  } catch (error) {
    if (sending.stopping()) {
      logger.warn({ importId, rowsSent }, 'directory import interrupted by shutdown');
      return 'interrupted';
    }
    logger.error(
      { err: error, importId, rowsSent, totalRows },
      'directory import failed; profile will report it stalled',
    );
    return 'failed';
  }
}

/**
 * Sends imports in the background, after their upload was answered. At shutdown, sending
 * stops after the chunk in flight (NATS is still connected then) within SHUTDOWN_GRACE_MS.
 */
@Injectable()
export class DirectoryImportSender implements BeforeApplicationShutdown {
  private readonly sending = new Map<string, Promise<ImportOutcome>>();
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(RUNTIME) private readonly asker: QueryAsker,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
  ) {}

  /** Starts sending, unless this replica is sending that import already (an upload retried early). */
  start(importId: string, chunks: Iterable<ImportChunk>, totalRows: number): void {
    if (this.sending.has(importId)) return;
    const signal = this.shutdown.signal;
    const done = sendImport(
      {
        asker: this.asker,
        logger: this.logger,
        sleep: (ms) => sleep(ms, undefined, { signal }),
        stopping: () => signal.aborted,
      },
      importId,
      chunks,
      totalRows,
    ).finally(() => this.sending.delete(importId));
    this.sending.set(importId, done);
  }

  /** Resolves once every import this replica is sending is done (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all(this.sending.values());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await Promise.race([this.settled(), sleep(this.config.SHUTDOWN_GRACE_MS, undefined, { ref: false })]);
  }
}
