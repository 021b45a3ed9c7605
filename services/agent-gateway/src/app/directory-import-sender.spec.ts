import { type QueryDefinition, queries } from '@threadline/contracts';
import { AppError, QueryError } from '@threadline/platform';
import { importChunks } from '../domain/import-chunks';
import type { ImportRow } from '../domain/import-file';
import type { QueryAsker } from './ask-owner';
import { CHUNK_RETRIES, CHUNK_TIMEOUT_MS, type ImportSending, sendImport } from './directory-import-sender';

const IMPORT_ID = '01970000-0000-7000-8000-0000000000a1';

const status = {
  importId: IMPORT_ID,
  format: 'csv' as const,
  fileName: 'users.csv',
  requestedBy: '01970000-0000-7000-8000-00000000a004',
  state: 'completed' as const,
  totalRows: 25_000,
  processedRows: 25_000,
  acceptedRows: 24_990,
  rejectedRows: 10,
  createdAt: '2025-01-01T10:00:00.000Z',
  updatedAt: '2025-01-01T10:01:00.000Z',
  finishedAt: '2025-01-01T10:01:00.000Z',
};

interface Asked {
  subject: string;
  request: unknown;
  timeoutMs: number | undefined;
}

/** Profile as far as imports go; `fail` decides, per call, whether this one is refused. */
function fakeProfile(fail: (subject: string, call: number) => Error | null = () => null) {
  const asked: Asked[] = [];
  const asker: QueryAsker = {
    ask<Request, Response>(query: QueryDefinition<Request, Response>, request: Request, timeoutMs?: number) {
      asked.push({ subject: query.subject, request, timeoutMs });
      const error = fail(query.subject, asked.length);
      if (error) return Promise.reject(error);
      const answer = query === queries.importChunk ? { status, rejections: [] } : status;
      return Promise.resolve(answer as Response);
    },
  };
  return { asker, asked };
}

function harness(asker: QueryAsker, stopAfterSleeps = Infinity) {
  const logs: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const log =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      logs.push({ level, fields, message });
    };
  const sleeps: number[] = [];
  const sending: ImportSending = {
    asker,
    logger: {
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
    } as unknown as ImportSending['logger'],
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    stopping: () => sleeps.length >= stopAfterSleeps,
  };
  return { sending, logs, sleeps };
}

const rows = (count: number): ImportRow[] =>
  Array.from({ length: count }, (_, index) => ({
    rowNumber: index + 1,
    fields: { externalId: `E${index}` },
  }));
const send = (sending: ImportSending, count: number) =>
  sendImport(sending, IMPORT_ID, importChunks(rows(count)), count);
const unavailable = () => new AppError('DEPENDENCY_UNAVAILABLE', 503, 'profile is not answering');

describe('sending a directory import', () => {
  it('sends the chunks in order with a long timeout, then finishes the import', async () => {
    const { asker, asked } = fakeProfile();
    const { sending, logs } = harness(asker);
    expect(await send(sending, 2_500)).toBe('finished');
    expect(asked.map((call) => [call.subject, (call.request as { chunkIndex?: number }).chunkIndex])).toEqual(
      [
        ['profile.directory.import-chunk.v1', 0],
        ['profile.directory.import-chunk.v1', 1],
        ['profile.directory.import-chunk.v1', 2],
        ['profile.directory.import-finish.v1', undefined],
      ],
    );
    expect(asked[0]?.timeoutMs).toBe(CHUNK_TIMEOUT_MS);
    expect(asked[2]?.request).toMatchObject({ importId: IMPORT_ID, unreadable: [], rows: expect.any(Array) });
    expect(logs.at(-1)).toMatchObject({
      level: 'info',
      message: 'directory import sent',
      fields: { importId: IMPORT_ID, acceptedRows: 24_990, rejectedRows: 10 },
    });
  });

  it('logs progress every 10 chunks with the import id', async () => {
    const { asker } = fakeProfile();
    const { sending, logs } = harness(asker);
    await send(sending, 25_000);
    expect(
      logs.filter((log) => log.message === 'directory import progress').map((log) => log.fields),
    ).toEqual([
      { importId: IMPORT_ID, chunksSent: 10, chunks: 25, rowsSent: 10_000, totalRows: 25_000 },
      { importId: IMPORT_ID, chunksSent: 20, chunks: 25, rowsSent: 20_000, totalRows: 25_000 },
    ]);
  });

  it('sends a chunk profile did not answer again, after growing pauses, under the same index', async () => {
    // Calls 2 and 3 (chunk 1, twice) find nobody answering.
    const { asker, asked } = fakeProfile((_subject, call) =>
      call === 2 || call === 3 ? new QueryError('QUERY_NO_RESPONDERS', 'nobody') : null,
    );
    const { sending, sleeps } = harness(asker);
    expect(await send(sending, 2_000)).toBe('finished');
    expect(asked.map((call) => (call.request as { chunkIndex?: number }).chunkIndex)).toEqual([
      0,
      1,
      1,
      1,
      undefined,
    ]);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]!);
  });

  it('retries finishing too', async () => {
    const { asker } = fakeProfile((subject, call) =>
      subject === queries.finishImport.subject && call === 2 ? unavailable() : null,
    );
    const { sending, sleeps } = harness(asker);
    expect(await send(sending, 10)).toBe('finished');
    expect(sleeps).toHaveLength(1);
  });

  it(`gives up after ${CHUNK_RETRIES} retries and logs an error naming the import`, async () => {
    const { asker, asked } = fakeProfile((subject) =>
      subject === queries.importChunk.subject ? unavailable() : null,
    );
    const { sending, logs, sleeps } = harness(asker);
    expect(await send(sending, 10)).toBe('failed');
    expect(asked).toHaveLength(CHUNK_RETRIES + 1);
    expect(sleeps).toHaveLength(CHUNK_RETRIES);
    expect(logs.at(-1)).toMatchObject({
      level: 'error',
      fields: { importId: IMPORT_ID },
      message: 'directory import failed; profile will report it stalled',
    });
  });

  it('does not retry a refusal, and does not finish the import', async () => {
    const { asker, asked } = fakeProfile(() => new AppError('IMPORT_FINISHED', 409, 'finished'));
    const { sending, logs, sleeps } = harness(asker);
    expect(await send(sending, 2_000)).toBe('failed');
    expect(asked).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(logs.at(-1)).toMatchObject({ level: 'error', fields: { importId: IMPORT_ID } });
  });

  it('stops between chunks when the process shuts down', async () => {
    const { asker, asked } = fakeProfile((_subject, call) => (call === 2 ? unavailable() : null));
    // Shutting down begins during the first pause.
    const { sending, logs } = harness(asker, 1);
    expect(await send(sending, 3_000)).toBe('interrupted');
    expect(asked.map((call) => (call.request as { chunkIndex?: number }).chunkIndex)).toEqual([0, 1, 1]);
    expect(logs.at(-1)).toMatchObject({ level: 'warn', fields: { importId: IMPORT_ID, chunkIndex: 2 } });
  });
});
