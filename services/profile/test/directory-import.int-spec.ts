import { queries, type RequestOf } from '@threadline/contracts';
import { eventually } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { freshNumber, nationalUs, ProfileHarness } from './support/profile-harness';

type Row = RequestOf<typeof queries.importChunk>['rows'][number];
type Rejection = RequestOf<typeof queries.importChunk>['unreadable'][number];

const row = (rowNumber: number, fields: Record<string, unknown>): Row => ({ rowNumber, fields });

describe('profile: directory imports', () => {
  let harness: ProfileHarness;

  beforeAll(async () => {
    harness = await ProfileHarness.start();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  function begin(totalRows: number, importId = uuidv7(), fileName: string | null = 'people.csv') {
    return harness.ask(queries.beginImport, {
      importId,
      format: 'csv',
      fileName,
      requestedBy: 'admin-ann',
      totalRows,
    });
  }

  function chunk(importId: string, chunkIndex: number, rows: Row[], unreadable: Rejection[] = []) {
    return harness.ask(queries.importChunk, { importId, chunkIndex, rows, unreadable });
  }

  function finish(importId: string) {
    return harness.ask(queries.finishImport, { importId });
  }

  function status(importId: string, rejectionsAfterRow = 0, rejectionsLimit = 100) {
    return harness.ask(queries.importStatus, { importId, rejectionsAfterRow, rejectionsLimit });
  }

  async function usersWith(externalIds: string[]) {
    return harness.db.query<
      Array<{ external_id: string; name: string; email: string | null; active: boolean; phones: string[] }>
    >(
      `SELECT u.external_id, u.name, u.email, u.active,
              coalesce((SELECT array_agg(p.kind || ':' || p.address ORDER BY p.kind, p.address)
                          FROM directory_user_phone p WHERE p.user_id = u.id), '{}') AS phones
         FROM directory_user u WHERE u.external_id = ANY($1::text[]) ORDER BY u.external_id`,
      [externalIds],
    );
  }

  it('begins an import: running, with nothing processed yet; beginning it again finds the same one', async () => {
    const importId = uuidv7();
    const begun = await begin(3, importId);
    expect(begun).toMatchObject({
      importId,
      format: 'csv',
      fileName: 'people.csv',
      requestedBy: 'admin-ann',
      state: 'running',
      totalRows: 3,
      processedRows: 0,
      acceptedRows: 0,
      rejectedRows: 0,
      finishedAt: null,
    });
    expect(await begin(3, importId)).toMatchObject({ importId, createdAt: begun.createdAt });
  });

  it('upserts by external id: importing the same file again duplicates nobody and applies what changed', async () => {
    const [a, b] = [`ext-${uuidv7()}`, `ext-${uuidv7()}`];
    const [mobileA, otherA, mobileB, newMobileA] = [
      freshNumber(),
      freshNumber(),
      freshNumber(),
      freshNumber(),
    ];
    const first = uuidv7();
    await begin(2, first);
    await chunk(first, 0, [
      row(1, {
        externalId: a,
        name: 'Ada',
        email: 'ada@example.com',
        mobile: nationalUs(mobileA),
        otherPhones: otherA,
      }),
      row(2, { externalId: b, name: 'Bob', mobile: mobileB, active: 'yes' }),
    ]);
    expect(await finish(first)).toMatchObject({ state: 'completed', acceptedRows: 2 });
    expect(await usersWith([a, b])).toEqual([
      {
        external_id: a,
        name: 'Ada',
        email: 'ada@example.com',
        active: true,
        phones: [`mobile:${mobileA}`, `other:${otherA}`],
      },
      { external_id: b, name: 'Bob', email: null, active: true, phones: [`mobile:${mobileB}`] },
    ]);
    const [before] = await harness.db.query<Array<{ id: string }>>(
      `SELECT id FROM directory_user WHERE external_id = $1`,
      [a],
    );

    const second = uuidv7();
    await begin(2, second);
    const answer = await chunk(second, 0, [
      row(1, { externalId: a, name: 'Ada Lovelace', email: 'ADA@lovelace.org', mobile: newMobileA }),
      row(2, { externalId: b, name: 'Bob', mobile: mobileB, active: 'no' }),
    ]);
    expect(answer.rejections).toEqual([]);
    expect(answer.status).toMatchObject({ processedRows: 2, acceptedRows: 2, rejectedRows: 0 });
    expect(await usersWith([a, b])).toEqual([
      {
        external_id: a,
        name: 'Ada Lovelace',
        email: 'ada@lovelace.org',
        active: true,
        phones: [`mobile:${newMobileA}`],
      },
      { external_id: b, name: 'Bob', email: null, active: false, phones: [`mobile:${mobileB}`] },
    ]);
    const [after] = await harness.db.query<Array<{ id: string }>>(
      `SELECT id FROM directory_user WHERE external_id = $1`,
      [a],
    );
    expect(after).toEqual(before);
    // The old numbers no longer lead to the user; the new one does.
    expect((await harness.ask(queries.lookupRequester, { address: mobileA })).directoryUsers).toEqual([]);
    expect((await harness.ask(queries.lookupRequester, { address: newMobileA })).requesterUserId).toBe(
      after!.id,
    );
  });

  it('rejects bad rows one entry per field, with row number and reason, and imports the rest', async () => {
    const importId = uuidv7();
    await begin(3, importId);
    const [good1, good3] = [`ext-${uuidv7()}`, `ext-${uuidv7()}`];
    const answer = await chunk(importId, 0, [
      row(1, { externalId: good1, name: 'One' }),
      row(2, { externalId: `ext-${uuidv7()}`, name: '', email: 'two@', mobile: 'twelve', active: 'maybe' }),
      row(3, { externalId: good3, name: 'Three' }),
    ]);
    expect(answer.rejections).toEqual([
      { rowNumber: 2, field: 'active', reason: 'must be true or false' },
      { rowNumber: 2, field: 'email', reason: 'is not an email address' },
      { rowNumber: 2, field: 'mobile', reason: '"twelve" is not a phone number' },
      { rowNumber: 2, field: 'name', reason: 'is required' },
    ]);
    expect(answer.status).toMatchObject({ processedRows: 3, acceptedRows: 2, rejectedRows: 1 });
    expect((await usersWith([good1, good3])).map((user) => [user.external_id, user.name]).sort()).toEqual([
      [good1, 'One'],
      [good3, 'Three'],
    ]);
  });

  it('counts and reports the rows the sender could not read', async () => {
    const importId = uuidv7();
    await begin(3, importId);
    const answer = await chunk(
      importId,
      0,
      [
        row(1, { externalId: `ext-${uuidv7()}`, name: 'One' }),
        row(3, { externalId: `ext-${uuidv7()}`, name: 'Three' }),
      ],
      [{ rowNumber: 2, field: 'row', reason: 'unterminated quote' }],
    );
    expect(answer.rejections).toEqual([{ rowNumber: 2, field: 'row', reason: 'unterminated quote' }]);
    expect(answer.status).toMatchObject({ processedRows: 3, acceptedRows: 2, rejectedRows: 1 });
    expect(await finish(importId)).toMatchObject({ state: 'completed' });
    expect((await status(importId)).rejections).toEqual([
      { rowNumber: 2, field: 'row', reason: 'unterminated quote' },
    ]);
  });

  it('a chunk sent twice is applied once and answered with the same rejections', async () => {
    const importId = uuidv7();
    const externalId = `ext-${uuidv7()}`;
    await begin(2, importId);
    const rows = [row(1, { externalId, name: 'Once' }), row(2, { externalId: '', name: 'Nameless' })];
    const first = await chunk(importId, 0, rows);
    const again = await chunk(importId, 0, rows);
    expect(again.rejections).toEqual(first.rejections);
    expect(first.rejections).toEqual([{ rowNumber: 2, field: 'externalId', reason: 'is required' }]);
    expect(again.status).toMatchObject({ processedRows: 2, acceptedRows: 1, rejectedRows: 1 });
    expect(await usersWith([externalId])).toHaveLength(1);
    const [rejections] = await harness.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM directory_import_rejection WHERE import_id = $1`,
      [importId],
    );
    expect(rejections).toEqual({ n: 1 });
  });

  it('the same chunk sent twice at once is applied once, and both answers agree', async () => {
    const importId = uuidv7();
    const externalId = `ext-${uuidv7()}`;
    await begin(2, importId);
    const rows = [row(1, { externalId, name: 'Once' }), row(2, { externalId, name: 'Twice' })];
    const [one, two] = await Promise.all([chunk(importId, 0, rows), chunk(importId, 0, rows)]);
    expect(one.rejections).toEqual([
      { rowNumber: 2, field: 'externalId', reason: 'repeats the external id of row 1' },
    ]);
    expect(two.rejections).toEqual(one.rejections);
    expect(two.status).toMatchObject({ processedRows: 2, acceptedRows: 1, rejectedRows: 1 });
    expect(one.status).toMatchObject({ processedRows: 2, acceptedRows: 1, rejectedRows: 1 });
  });

  it('rejects an external id repeated in a later chunk, naming the first row; the first row stays', async () => {
    const importId = uuidv7();
    const externalId = `ext-${uuidv7()}`;
    await begin(4, importId);
    await chunk(importId, 0, [
      row(1, { externalId: `ext-${uuidv7()}`, name: 'A' }),
      row(2, { externalId, name: 'First' }),
    ]);
    const later = await chunk(importId, 1, [
      row(3, { externalId, name: 'Second' }),
      row(4, { externalId: `ext-${uuidv7()}`, name: 'D' }),
    ]);
    expect(later.rejections).toEqual([
      { rowNumber: 3, field: 'externalId', reason: 'repeats the external id of row 2' },
    ]);
    expect(later.status).toMatchObject({ processedRows: 4, acceptedRows: 3, rejectedRows: 1 });
    expect((await usersWith([externalId]))[0]).toMatchObject({ name: 'First' });
  });

  it('names the first row of the file when an id repeats in a chunk and in an earlier chunk', async () => {
    const importId = uuidv7();
    const externalId = `ext-${uuidv7()}`;
    await begin(4, importId);
    await chunk(importId, 0, [
      row(1, { externalId: `ext-${uuidv7()}`, name: 'A' }),
      row(2, { externalId, name: 'First' }),
    ]);
    const later = await chunk(importId, 1, [
      row(3, { externalId, name: 'Second' }),
      row(4, { externalId, name: 'Third' }),
    ]);
    expect(later.rejections).toEqual([
      { rowNumber: 3, field: 'externalId', reason: 'repeats the external id of row 2' },
      { rowNumber: 4, field: 'externalId', reason: 'repeats the external id of row 2' },
    ]);
    expect(later.status).toMatchObject({ processedRows: 4, acceptedRows: 2, rejectedRows: 2 });
    expect((await usersWith([externalId]))[0]).toMatchObject({ name: 'First' });
  });

  it('rejects an external id repeated within a chunk after its first row', async () => {
    const importId = uuidv7();
    const externalId = `ext-${uuidv7()}`;
    await begin(3, importId);
    const answer = await chunk(importId, 0, [
      row(1, { externalId, name: 'First' }),
      row(2, { externalId: `ext-${uuidv7()}`, name: 'B' }),
      row(3, { externalId, name: 'Third' }),
    ]);
    expect(answer.rejections).toEqual([
      { rowNumber: 3, field: 'externalId', reason: 'repeats the external id of row 1' },
    ]);
    expect((await usersWith([externalId]))[0]).toMatchObject({ name: 'First' });
  });

  it('counts progress after each chunk, and refuses to finish while rows are missing', async () => {
    const importId = uuidv7();
    await begin(5, importId);
    const chunk0 = await chunk(importId, 0, [
      row(1, { externalId: `ext-${uuidv7()}`, name: 'A' }),
      row(2, { externalId: `ext-${uuidv7()}` }),
    ]);
    expect(chunk0.status).toMatchObject({
      state: 'running',
      processedRows: 2,
      acceptedRows: 1,
      rejectedRows: 1,
    });
    await expect(finish(importId)).rejects.toMatchObject({ code: 'IMPORT_INCOMPLETE', status: 409 });

    const chunk1 = await chunk(importId, 1, [
      row(3, { externalId: `ext-${uuidv7()}`, name: 'C' }),
      row(4, { externalId: `ext-${uuidv7()}`, name: 'D' }),
    ]);
    expect(chunk1.status).toMatchObject({ processedRows: 4, acceptedRows: 3, rejectedRows: 1 });
    expect((await status(importId)).status).toMatchObject({ state: 'running', processedRows: 4 });
    await expect(finish(importId)).rejects.toMatchObject({ code: 'IMPORT_INCOMPLETE', status: 409 });

    const chunk2 = await chunk(importId, 2, [
      row(5, { externalId: `ext-${uuidv7()}`, name: 'E', email: 'e' }),
    ]);
    expect(chunk2.status).toMatchObject({ processedRows: 5, acceptedRows: 3, rejectedRows: 2 });
    const finished = await finish(importId);
    expect(finished).toMatchObject({
      state: 'completed',
      processedRows: 5,
      acceptedRows: 3,
      rejectedRows: 2,
    });
    expect(finished.finishedAt).not.toBeNull();
    // Finishing again changes nothing.
    expect(await finish(importId)).toEqual(
      expect.objectContaining({ state: 'completed', finishedAt: finished.finishedAt }),
    );
  });

  it('an unknown import is IMPORT_NOT_FOUND (404) for chunks, finish and status', async () => {
    const importId = uuidv7();
    await expect(chunk(importId, 0, [])).rejects.toMatchObject({ code: 'IMPORT_NOT_FOUND', status: 404 });
    await expect(finish(importId)).rejects.toMatchObject({ code: 'IMPORT_NOT_FOUND', status: 404 });
    await expect(status(importId)).rejects.toMatchObject({ code: 'IMPORT_NOT_FOUND', status: 404 });
  });

  it('the id of an import begun for another file is IMPORT_ID_REUSED (409)', async () => {
    const importId = uuidv7();
    await begin(3, importId, 'people.csv');
    await expect(begin(4, importId, 'people.csv')).rejects.toMatchObject({
      code: 'IMPORT_ID_REUSED',
      status: 409,
    });
    await expect(
      harness.ask(queries.beginImport, {
        importId,
        format: 'json',
        fileName: 'people.csv',
        requestedBy: 'admin-ann',
        totalRows: 3,
      }),
    ).rejects.toMatchObject({ code: 'IMPORT_ID_REUSED', status: 409 });
    await expect(begin(3, importId, 'other-people.csv')).rejects.toMatchObject({
      code: 'IMPORT_ID_REUSED',
      status: 409,
    });
  });

  it('a new chunk after finish is IMPORT_FINISHED (409); a chunk already in is still answered', async () => {
    const importId = uuidv7();
    await begin(1, importId);
    const rows = [row(1, { externalId: `ext-${uuidv7()}`, name: 'Only' })];
    const first = await chunk(importId, 0, rows);
    await finish(importId);
    await expect(
      chunk(importId, 1, [row(2, { externalId: `ext-${uuidv7()}`, name: 'Late' })]),
    ).rejects.toMatchObject({ code: 'IMPORT_FINISHED', status: 409 });
    const again = await chunk(importId, 0, rows);
    expect(again.rejections).toEqual(first.rejections);
    expect(again.status).toMatchObject({ state: 'completed', processedRows: 1 });
  });

  it('pages through the rejections in row order, never splitting a row, the last page with no cursor', async () => {
    const importId = uuidv7();
    const bad = (rowNumber: number) =>
      row(rowNumber, { externalId: `ext-${uuidv7()}`, name: '', email: 'x' });
    const good = (rowNumber: number) => row(rowNumber, { externalId: `ext-${uuidv7()}`, name: 'Fine' });
    await begin(9, importId);
    // Rejected rows: 1 (1 problem), 2 (2), 4 (2), 5 (1, unreadable), 7 (2), 9 (1)
    await chunk(
      importId,
      0,
      [
        row(1, { name: 'No id' }),
        bad(2),
        good(3),
        bad(4),
        good(6),
        bad(7),
        good(8),
        row(9, { externalId: `ext-${uuidv7()}`, name: 'X', active: '?' }),
      ],
      [{ rowNumber: 5, field: 'row', reason: 'not an object' }],
    );
    const all = (await status(importId)).rejections;
    expect(all.map((r) => r.rowNumber)).toEqual([1, 2, 2, 4, 4, 5, 7, 7, 9]);

    const pages: number[][] = [];
    let after = 0;
    for (;;) {
      const page = await status(importId, after, 3);
      pages.push(page.rejections.map((r) => r.rowNumber));
      if (page.nextRejectionsAfterRow === null) break;
      expect(page.nextRejectionsAfterRow).toBe(page.rejections.at(-1)!.rowNumber);
      after = page.nextRejectionsAfterRow;
    }
    expect(pages).toEqual([
      [1, 2, 2],
      [4, 4, 5],
      [7, 7, 9],
    ]);

    const small: number[][] = [];
    after = 0;
    for (;;) {
      const page = await status(importId, after, 1);
      small.push(page.rejections.map((r) => r.rowNumber));
      if (page.nextRejectionsAfterRow === null) break;
      after = page.nextRejectionsAfterRow;
    }
    // A page of one still shows a row with two rejections whole.
    expect(small).toEqual([[1], [2, 2], [4, 4], [5], [7, 7], [9]]);
  });
});

describe('profile: a directory import nobody finishes', () => {
  let harness: ProfileHarness;

  beforeAll(async () => {
    harness = await ProfileHarness.start({ PROFILE_IMPORT_STALL_AFTER_MS: '1000' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('is stalled once no chunk came for the stall time, and running again when one comes', async () => {
    const importId = uuidv7();
    await harness.ask(queries.beginImport, {
      importId,
      format: 'json',
      fileName: null,
      requestedBy: 'admin-ann',
      totalRows: 2,
    });
    const statusOf = () =>
      harness.ask(queries.importStatus, { importId, rejectionsAfterRow: 0, rejectionsLimit: 10 });
    await eventually(async () => expect((await statusOf()).status.state).toBe('stalled'), {
      timeoutMs: 5_000,
      intervalMs: 200,
    });
    const resumed = await harness.ask(queries.importChunk, {
      importId,
      chunkIndex: 0,
      rows: [{ rowNumber: 1, fields: { externalId: `ext-${uuidv7()}`, name: 'Resumed' } }],
      unreadable: [],
    });
    expect(resumed.status).toMatchObject({ state: 'running', processedRows: 1 });
  });
});
