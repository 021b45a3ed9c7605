import { queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { AppError, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7, version } from 'uuid';
import { z } from 'zod';
import { DirectoryImportSender } from '../src/app/directory-import-sender';
import { ADMIN, call, login, seedAgents, startGateway, upload } from './support/gateway';
import { FakeOwners } from './support/owners';

type ImportStatus = ResponseOf<typeof queries.beginImport>;
type ChunkRequest = RequestOf<typeof queries.importChunk>;

/** Small enough to test 413 cheaply, and still four times the platform's 256 KiB. */
const LIMIT_BYTES = 1024 * 1024;
const HEADER = 'external_id,name,email,mobile,other_phones,active';
const CSV = 'text/csv; charset=utf-8';

interface FakeImport {
  begin: RequestOf<typeof queries.beginImport>;
  chunks: ChunkRequest[];
  state: ImportStatus['state'];
}

const importId = z.object({ importId: z.uuid() });

/** Profile as far as imports go: records what it is sent, in order, per import. */
class FakeDirectory {
  readonly imports = new Map<string, FakeImport>();
  /** Chunk answers to refuse, by call: the error for that call, if any. */
  refuseChunk: (request: ChunkRequest, call: number) => Error | null = () => null;
  private chunkCalls = 0;

  constructor(private readonly owners: FakeOwners) {}

  async serve(): Promise<void> {
    this.chunkCalls = 0;
    await this.owners.answer(queries.beginImport, (begin) => {
      const found = this.imports.get(begin.importId) ?? { begin, chunks: [], state: 'running' };
      this.imports.set(begin.importId, found);
      return Promise.resolve(this.status(found));
    });
    await this.owners.answer(queries.importChunk, (request) => {
      this.chunkCalls += 1;
      const found = this.imports.get(request.importId)!;
      const refusal = this.refuseChunk(request, this.chunkCalls);
      if (refusal) {
        if (refusal instanceof AppError && refusal.status !== 503) found.state = 'stalled';
        return Promise.reject(refusal);
      }
      found.chunks.push(request);
      return Promise.resolve({ status: this.status(found), rejections: [] });
    });
    await this.owners.answer(queries.finishImport, ({ importId: id }) => {
      const found = this.imports.get(id)!;
      found.state = 'completed';
      return Promise.resolve(this.status(found));
    });
  }

  status(found: FakeImport): ImportStatus {
    const processed = new Set(
      found.chunks.flatMap((chunk) => [...chunk.rows, ...chunk.unreadable].map((row) => row.rowNumber)),
    ).size;
    return {
      importId: found.begin.importId,
      format: found.begin.format,
      fileName: found.begin.fileName,
      requestedBy: found.begin.requestedBy,
      state: found.state,
      totalRows: found.begin.totalRows,
      processedRows: processed,
      acceptedRows: processed,
      rejectedRows: 0,
      createdAt: '2025-01-01T10:00:00.000Z',
      updatedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: found.state === 'completed' ? '2025-01-01T10:01:00.000Z' : null,
    };
  }

  /** Waits until profile was told the import is complete. */
  completed(id: string): Promise<FakeImport> {
    return eventually(() => {
      const found = this.imports.get(id);
      expect(found?.state).toBe('completed');
      return found!;
    });
  }
}

function csvRows(
  count: number,
  row: (n: number) => string = (n) =>
    `E${n},User ${n},u${n}@example.com,+1555${String(n).padStart(7, '0')},,true`,
): string[] {
  return Array.from({ length: count }, (_, index) => row(index + 1));
}

/** Every row number a chunk carries, read or not. */
const rowNumbersOf = (chunk: ChunkRequest) =>
  [...chunk.rows, ...chunk.unreadable].map((row) => row.rowNumber).sort((a, b) => a - b);

describe('directory import', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  let directory: FakeDirectory;
  const tokens: Record<'alice' | 'maria' | 'admin', string> = { alice: '', maria: '', admin: '' };

  const send = (
    data: string | Buffer,
    options: { contentType?: string; token?: string; query?: string; headers?: Record<string, string> } = {},
  ) =>
    upload(service, `/directory/imports${options.query ?? ''}`, {
      token: options.token ?? tokens.admin,
      contentType: options.contentType ?? CSV,
      data,
      headers: options.headers,
    });

  const begun = () => owners.asked.filter((entry) => entry.subject === queries.beginImport.subject);

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment, { DIRECTORY_IMPORT_MAX_BYTES: String(LIMIT_BYTES) });
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    directory = new FakeDirectory(owners);
    for (const name of ['alice', 'maria', 'admin'] as const) tokens[name] = await login(service, name);
  });

  beforeEach(() => {
    directory.refuseChunk = () => null;
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  it('sends a CSV of 3,500 rows to profile in chunks of 1,000, numbered from the first data row', async () => {
    await directory.serve();
    const rows = csvRows(3_500);
    rows[1_233] = 'E1234,Short Row,,,'; // row 1234: one field missing
    rows[2_000] = 'E2001,"User 2001"x,,,,'; // row 2001: broken quoting
    rows[2_999] = 'E3000,"Lovelace, Ada\r\nCountess",,,"+15551230009;+15551230008",true'; // one row, two lines
    const file = `\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\n`;

    const answer = await send(file, { query: '?fileName=people.csv' });
    expect(answer).toMatchObject({
      status: 202,
      body: {
        format: 'csv',
        fileName: 'people.csv',
        requestedBy: ADMIN.id,
        totalRows: 3_500,
        state: 'running',
      },
    });
    const { importId: id } = importId.parse(answer.body);
    expect(version(id)).toBe(7);
    expect(answer.location).toBe(`/directory/imports/${id}`);
    expect(begun()).toEqual([
      {
        subject: queries.beginImport.subject,
        request: {
          importId: id,
          format: 'csv',
          fileName: 'people.csv',
          requestedBy: ADMIN.id,
          totalRows: 3_500,
        },
      },
    ]);

    const { chunks } = await directory.completed(id);
    expect(chunks.map((chunk) => chunk.chunkIndex)).toEqual([0, 1, 2, 3]);
    chunks.forEach((chunk, index) => {
      const numbers = rowNumbersOf(chunk);
      const first = index * 1_000 + 1;
      expect(numbers).toEqual(
        Array.from({ length: index === 3 ? 500 : 1_000 }, (_, offset) => first + offset),
      );
    });
    expect(chunks[0]?.rows[0]).toEqual({
      rowNumber: 1,
      fields: {
        externalId: 'E1',
        name: 'User 1',
        email: 'u1@example.com',
        mobile: '+15550000001',
        otherPhones: '',
        active: 'true',
      },
    });
    expect(chunks[1]?.unreadable).toEqual([
      { rowNumber: 1_234, field: '*', reason: 'has 5 fields where the header has 6' },
    ]);
    expect(chunks[2]?.unreadable).toEqual([
      { rowNumber: 2_001, field: '*', reason: 'a quoted field is followed by text before the next comma' },
    ]);
    const byRow = new Map(chunks.flatMap((chunk) => chunk.rows).map((row) => [row.rowNumber, row.fields]));
    expect(byRow.get(3_000)).toMatchObject({
      name: 'Lovelace, Ada\r\nCountess',
      otherPhones: '+15551230009;+15551230008',
    });
    expect(byRow.get(3_001)).toMatchObject({ externalId: 'E3001' });
  });

  it('sends a JSON file larger than the 256 KiB other routes accept, numbering rows by array index + 1', async () => {
    await directory.serve();
    const notes = 'x'.repeat(100);
    const users: unknown[] = Array.from({ length: 2_100 }, (_, index) => ({
      externalId: `J${index + 1}`,
      name: `Json User ${index + 1}`,
      otherPhones: ['+15551230009'],
      active: index % 2 === 0,
      notes,
    }));
    users[99] = 42;
    users[1_999] = null;
    const file = JSON.stringify(users);
    expect(Buffer.byteLength(file)).toBeGreaterThan(256 * 1024);

    const answer = await send(file, { contentType: 'application/json' });
    expect(answer).toMatchObject({ status: 202, body: { format: 'json', fileName: null, totalRows: 2_100 } });
    const { chunks } = await directory.completed(importId.parse(answer.body).importId);
    expect(chunks.map((chunk) => [chunk.chunkIndex, chunk.rows.length, chunk.unreadable.length])).toEqual([
      [0, 999, 1],
      [1, 999, 1],
      [2, 100, 0],
    ]);
    expect(chunks[0]?.unreadable).toEqual([
      { rowNumber: 100, field: '*', reason: 'is a number, not an object' },
    ]);
    expect(chunks[1]?.unreadable).toEqual([
      { rowNumber: 2_000, field: '*', reason: 'is null, not an object' },
    ]);
    expect(chunks[2]?.rows.at(-1)).toEqual({
      rowNumber: 2_100,
      fields: {
        externalId: 'J2100',
        name: 'Json User 2100',
        otherPhones: ['+15551230009'],
        active: false,
        notes,
      },
    });
  });

  it('keeps the platform’s body limit on other routes', async () => {
    const big = { username: 'admin', password: 'x'.repeat(300 * 1024) };
    expect(await call(service, 'POST', '/auth/login', { body: big })).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
  });

  it('retries a chunk profile did not answer, and still completes the import', async () => {
    await directory.serve();
    directory.refuseChunk = (request, callNumber) =>
      request.chunkIndex === 1 && callNumber === 2 ? new AppError('BUSY', 503, 'try again') : null;
    const answer = await send(`${HEADER}\n${csvRows(1_500).join('\n')}`);
    const { chunks } = await directory.completed(importId.parse(answer.body).importId);
    expect(chunks.map((chunk) => chunk.chunkIndex)).toEqual([0, 1]);
    expect(owners.asked.filter((entry) => entry.subject === queries.importChunk.subject)).toHaveLength(3);
  });

  describe('Idempotency-Key', () => {
    const file = `${HEADER}\n${csvRows(3).join('\n')}\n`;
    const withKey = (key: string) => send(file, { headers: { 'idempotency-key': key } });

    it('makes a retried upload find the import it started, without sending a completed one again', async () => {
      await directory.serve();
      const first = await withKey('directory-2025-01-01');
      const id = importId.parse(first.body).importId;
      expect(version(id)).toBe(5);
      await directory.completed(id);
      const again = await withKey('directory-2025-01-01');
      expect(again).toMatchObject({
        status: 202,
        body: { importId: id, state: 'completed' },
        location: `/directory/imports/${id}`,
      });
      expect(begun().map((entry) => importId.parse(entry.request).importId)).toEqual([id, id]);
      expect(directory.imports.get(id)?.chunks).toHaveLength(1);
    });

    it('resumes a stalled import when the same upload is sent again', async () => {
      await directory.serve();
      directory.refuseChunk = (_request, callNumber) =>
        callNumber === 1 ? new AppError('IMPORT_CHUNK_REFUSED', 409, 'refused once') : null;
      const first = await withKey('directory-stalls');
      const id = importId.parse(first.body).importId;
      await eventually(() => expect(directory.imports.get(id)?.state).toBe('stalled'));
      // The gateway has given up on it (and logged so) once its sender settles.
      await service.app.get(DirectoryImportSender).settled();
      const again = await withKey('directory-stalls');
      expect(again).toMatchObject({ status: 202, body: { importId: id, state: 'stalled' } });
      expect((await directory.completed(id)).chunks).toHaveLength(1);
    });

    it('starts a new import for every upload without a key', async () => {
      await directory.serve();
      const ids = [
        importId.parse((await send(file)).body).importId,
        importId.parse((await send(file)).body).importId,
      ];
      expect(ids[0]).not.toBe(ids[1]);
      await Promise.all(ids.map((id) => directory.completed(id)));
    });

    it('refuses a key that is not printable ASCII with 400', async () => {
      await directory.serve();
      expect(await send(file, { headers: { 'idempotency-key': 'two words' } })).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
      expect(begun()).toEqual([]);
    });

    it('passes on 409 IMPORT_ID_REUSED when profile has the key’s import for another file', async () => {
      await owners.answer(queries.beginImport, () =>
        Promise.reject(new AppError('IMPORT_ID_REUSED', 409, 'exists for a different file')),
      );
      expect(await withKey('used-before')).toMatchObject({
        status: 409,
        body: { error: { code: 'IMPORT_ID_REUSED' } },
      });
    });
  });

  describe('refusals', () => {
    const file = `${HEADER}\nE1,Ada,,,,\n`;

    it('answers 401 without a token', async () => {
      await directory.serve();
      expect(await upload(service, '/directory/imports', { contentType: CSV, data: file })).toMatchObject({
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED' } },
      });
      expect(begun()).toEqual([]);
    });

    it.each(['alice', 'maria'] as const)(
      'refuses %s (not an admin) with 403 ROLE_NOT_ALLOWED',
      async (name) => {
        await directory.serve();
        expect(await send(file, { token: tokens[name] })).toMatchObject({
          status: 403,
          body: { error: { code: 'ROLE_NOT_ALLOWED', details: { allowed: ['admin'] } } },
        });
        expect(begun()).toEqual([]);
      },
    );

    it.each([
      ['text/plain', {}],
      ['multipart/form-data; boundary=x', {}],
      ['text/csv; charset=windows-1252', {}],
      [CSV, { 'content-encoding': 'gzip' }],
    ])('refuses %s %j with 415 IMPORT_UNSUPPORTED_TYPE', async (contentType, headers) => {
      await directory.serve();
      expect(await send(file, { contentType, headers })).toMatchObject({
        status: 415,
        body: { error: { code: 'IMPORT_UNSUPPORTED_TYPE' } },
      });
      expect(begun()).toEqual([]);
    });

    it('refuses a file over DIRECTORY_IMPORT_MAX_BYTES with 413 IMPORT_TOO_LARGE', async () => {
      await directory.serve();
      const big = `${HEADER}\n${csvRows(25_000).join('\n')}`;
      expect(Buffer.byteLength(big)).toBeGreaterThan(LIMIT_BYTES);
      expect(await send(big)).toMatchObject({
        status: 413,
        body: { error: { code: 'IMPORT_TOO_LARGE', details: { limitBytes: LIMIT_BYTES } } },
      });
      expect(begun()).toEqual([]);
    });

    it.each([
      ['an empty CSV', 'IMPORT_EMPTY', CSV, ''],
      ['a CSV with a header and no rows', 'IMPORT_EMPTY', CSV, `${HEADER}\r\n`],
      ['an empty JSON array', 'IMPORT_EMPTY', 'application/json', '[]'],
      ['a CSV header without name', 'IMPORT_HEADER_INVALID', CSV, 'external_id,email\nE1,a@example.com'],
      ['a JSON object instead of an array', 'IMPORT_FORMAT_INVALID', 'application/json', '{"users":[]}'],
      ['broken JSON', 'IMPORT_FORMAT_INVALID', 'application/json', '[{"externalId":'],
    ])('refuses %s with 400 %s, starting nothing', async (_label, code, contentType, data) => {
      await directory.serve();
      expect(await send(data, { contentType })).toMatchObject({ status: 400, body: { error: { code } } });
      expect(begun()).toEqual([]);
    });

    it('refuses a file name longer than 255 characters with 400', async () => {
      await directory.serve();
      expect(await send(file, { query: `?fileName=${'f'.repeat(256)}` })).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
    });

    it('answers 503 DEPENDENCY_UNAVAILABLE while profile is down', async () => {
      expect(await send(file)).toMatchObject({
        status: 503,
        body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'profile' } } },
      });
    });
  });

  describe('import status', () => {
    const id = uuidv7();
    const status = (query = '', token = tokens.admin, importPath = id) =>
      call(service, 'GET', `/directory/imports/${importPath}${query}`, { token });
    const page = {
      status: {
        importId: id,
        format: 'csv' as const,
        fileName: 'people.csv',
        requestedBy: ADMIN.id,
        state: 'running' as const,
        totalRows: 3_500,
        processedRows: 2_000,
        acceptedRows: 1_990,
        rejectedRows: 10,
        createdAt: '2025-01-01T10:00:00.000Z',
        updatedAt: '2025-01-01T10:00:30.000Z',
        finishedAt: null,
      },
      rejections: [{ rowNumber: 1_234, field: 'mobile', reason: '"12" is not a phone number' }],
      nextRejectionsAfterRow: 1_234,
    };

    it('shows an admin the progress and a page of rejections, paging as asked', async () => {
      await owners.answer(queries.importStatus, () => Promise.resolve(page));
      expect(await status()).toEqual({ status: 200, body: page });
      expect(await status('?rejectionsAfterRow=1234&limit=50')).toEqual({ status: 200, body: page });
      expect(owners.asked.map((entry) => entry.request)).toEqual([
        { importId: id, rejectionsAfterRow: 0, rejectionsLimit: 100 },
        { importId: id, rejectionsAfterRow: 1_234, rejectionsLimit: 50 },
      ]);
    });

    it('passes on 404 IMPORT_NOT_FOUND', async () => {
      await owners.answer(queries.importStatus, ({ importId: unknown }) =>
        Promise.reject(new AppError('IMPORT_NOT_FOUND', 404, `import ${unknown} does not exist`)),
      );
      expect(await status()).toMatchObject({ status: 404, body: { error: { code: 'IMPORT_NOT_FOUND' } } });
    });

    it.each(['alice', 'maria'] as const)('refuses %s (not an admin) with 403', async (name) => {
      await owners.answer(queries.importStatus, () => Promise.resolve(page));
      expect(await status('', tokens[name])).toMatchObject({
        status: 403,
        body: { error: { code: 'ROLE_NOT_ALLOWED' } },
      });
      expect(owners.asked).toEqual([]);
    });

    it('answers 401 without a token', async () => {
      expect((await call(service, 'GET', `/directory/imports/${id}`)).status).toBe(401);
    });

    it.each([
      ['a limit of 0', '?limit=0', id],
      ['a limit over 1,000', '?limit=1001', id],
      ['a negative cursor', '?rejectionsAfterRow=-1', id],
      ['an id that is not a uuid', '', 'latest'],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, query, importPath) => {
      await owners.answer(queries.importStatus, () => Promise.resolve(page));
      expect(await status(query, tokens.admin, importPath)).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
      expect(owners.asked).toEqual([]);
    });
  });
});
