import {
  type ImportFileReading,
  type ImportFormat,
  importFormatOf,
  isUnreadable,
  readCsv as csv,
  readImportFile as file,
  readJson as json,
} from './import-file';

const HEADER = 'external_id,name,email,mobile,other_phones,active';
const bytes = (text: string) => new TextEncoder().encode(text);

/** A reading with its rows taken, split into those read and those not. */
function view(reading: ImportFileReading) {
  if (!reading.ok) return reading;
  const entries = [...reading.file.entries()];
  return {
    ok: true,
    file: {
      format: reading.file.format,
      totalRows: reading.file.totalRows,
      rows: entries.filter((entry) => !isUnreadable(entry)),
      unreadable: entries.filter(isUnreadable),
    },
  };
}
const readCsv = (text: string) => view(csv(text));
const readJson = (text: string) => view(json(text));
const readImportFile = (format: ImportFormat, data: Uint8Array) => view(file(format, data));

describe('upload formats', () => {
  it.each([
    ['text/csv', 'csv'],
    ['text/csv; charset=utf-8', 'csv'],
    ['Text/CSV;Charset=UTF-8', 'csv'],
    ['application/json', 'json'],
    ['application/json; charset="utf-8"', 'json'],
  ])('reads %s as %s', (contentType, format) => {
    expect(importFormatOf(contentType)).toBe(format);
  });

  it.each([
    [undefined],
    ['text/plain'],
    ['multipart/form-data; boundary=x'],
    ['application/x-www-form-urlencoded'],
    ['text/csv; charset=windows-1252'],
  ])('refuses %s', (contentType) => {
    expect(importFormatOf(contentType)).toBeNull();
  });
});

describe('reading a CSV directory file', () => {
  it('maps the known columns to field keys and keeps values as raw strings', () => {
    const reading = readCsv(
      `${HEADER}\nE1,Ada Lovelace,ada@example.com,+15551230001,+15551230009;+15551230008,true\n`,
    );
    expect(reading).toEqual({
      ok: true,
      file: {
        format: 'csv',
        totalRows: 1,
        unreadable: [],
        rows: [
          {
            rowNumber: 1,
            fields: {
              externalId: 'E1',
              name: 'Ada Lovelace',
              email: 'ada@example.com',
              mobile: '+15551230001',
              otherPhones: '+15551230009;+15551230008',
              active: 'true',
            },
          },
        ],
      },
    });
  });

  it('needs only external_id and name, in any order and case, and passes unknown columns on unchanged', () => {
    const reading = readCsv('Name , department,EXTERNAL_ID\nAda,Engines,E1\n');
    expect(reading).toMatchObject({
      ok: true,
      file: { rows: [{ rowNumber: 1, fields: { name: 'Ada', ' department': 'Engines', externalId: 'E1' } }] },
    });
  });

  it('handles a UTF-8 byte order mark and CRLF line ends', () => {
    const reading = readImportFile('csv', bytes(`\uFEFF${HEADER}\r\nE1,Zoë,,,,\r\nE2,Grace,,,,\r\n`));
    expect(reading).toMatchObject({
      ok: true,
      file: {
        totalRows: 2,
        rows: [
          { rowNumber: 1, fields: { externalId: 'E1', name: 'Zoë' } },
          { rowNumber: 2, fields: { externalId: 'E2', name: 'Grace' } },
        ],
      },
    });
  });

  it('numbers data rows from 1 without the header and reports rows it cannot read with field *', () => {
    const text = [
      HEADER,
      'E1,Ada,,,,',
      'E2,Grace,,,', // one field short
      'E3,"Alan"x,,,,', // broken quoting
      'E4,Barbara,,,,',
    ].join('\n');
    expect(readCsv(text)).toEqual({
      ok: true,
      file: {
        format: 'csv',
        totalRows: 4,
        rows: [
          { rowNumber: 1, fields: expect.objectContaining({ externalId: 'E1' }) },
          { rowNumber: 4, fields: expect.objectContaining({ externalId: 'E4' }) },
        ],
        unreadable: [
          { rowNumber: 2, field: '*', reason: 'has 5 fields where the header has 6' },
          {
            rowNumber: 3,
            field: '*',
            reason: 'a quoted field is followed by text before the next comma',
          },
        ],
      },
    });
  });

  it('does not judge values: an empty name or a bad number is profile’s to refuse', () => {
    expect(readCsv(`${HEADER}\nE1,,,not a phone,,maybe`)).toMatchObject({
      ok: true,
      file: { rows: [{ fields: { name: '', mobile: 'not a phone', active: 'maybe' } }], unreadable: [] },
    });
  });

  it('drops columns without a name', () => {
    expect(readCsv('external_id,name,\nE1,Ada,x')).toMatchObject({
      ok: true,
      file: { rows: [{ fields: { externalId: 'E1', name: 'Ada' } }] },
    });
  });

  it.each([
    ['an empty file', ''],
    ['a byte order mark alone', '\uFEFF'],
    ['blank lines', '\r\n\r\n  \n'],
    ['a header without rows', `${HEADER}\r\n\r\n`],
  ])('refuses %s as empty', (_label, text) => {
    expect(readCsv(text)).toMatchObject({ ok: false, refused: { problem: 'empty' } });
  });

  it('refuses a header without external_id or name, saying what is missing', () => {
    expect(readCsv('id,full_name\n1,Ada')).toEqual({
      ok: false,
      refused: {
        problem: 'header-invalid',
        message: 'the header row is missing external_id, name',
        details: { missing: ['external_id', 'name'], duplicated: [], expected: expect.any(Array) },
      },
    });
    expect(readCsv('externalId,name\n1,Ada')).toMatchObject({
      refused: { problem: 'header-invalid', details: { missing: ['external_id'] } },
    });
  });

  it('refuses a header that names a column twice', () => {
    expect(readCsv('external_id,name,Name\n1,Ada,Ada')).toMatchObject({
      ok: false,
      refused: { problem: 'header-invalid', details: { missing: [], duplicated: ['name'] } },
    });
  });

  it('refuses a header it cannot read', () => {
    expect(readCsv('"external_id,name\nE1,Ada')).toMatchObject({
      ok: false,
      refused: { problem: 'header-invalid' },
    });
  });

  it('refuses bytes that are not UTF-8', () => {
    const latin1 = Uint8Array.from([...bytes('external_id,name\nE1,Zo'), 0xeb, 0x0a]);
    expect(readImportFile('csv', latin1)).toMatchObject({
      ok: false,
      refused: { problem: 'format-invalid', message: expect.stringContaining('UTF-8') },
    });
  });
});

describe('reading a JSON directory file', () => {
  it('passes each object on as it is, numbered by its index + 1', () => {
    const users = [
      { externalId: 'E1', name: 'Ada', otherPhones: ['+15551230009'], active: true, team: 'R&D' },
      { externalId: 'E2', name: 'Grace', active: false },
    ];
    expect(readImportFile('json', bytes(`\uFEFF${JSON.stringify(users)}`))).toEqual({
      ok: true,
      file: {
        format: 'json',
        totalRows: 2,
        unreadable: [],
        rows: [
          { rowNumber: 1, fields: users[0] },
          { rowNumber: 2, fields: users[1] },
        ],
      },
    });
  });

  it('reports elements that are not objects as unreadable rows', () => {
    expect(readJson('[{"externalId":"E1","name":"Ada"}, 42, null, ["E3"], "E4"]')).toMatchObject({
      ok: true,
      file: {
        totalRows: 5,
        rows: [{ rowNumber: 1 }],
        unreadable: [
          { rowNumber: 2, field: '*', reason: 'is a number, not an object' },
          { rowNumber: 3, field: '*', reason: 'is null, not an object' },
          { rowNumber: 4, field: '*', reason: 'is an array, not an object' },
          { rowNumber: 5, field: '*', reason: 'is a string, not an object' },
        ],
      },
    });
  });

  it.each([
    ['an object', '{"users":[]}', 'not an object'],
    ['a number', '42', 'not a number'],
    ['broken JSON', '[{"externalId":', 'not valid JSON'],
  ])('refuses %s with format-invalid', (_label, text, message) => {
    expect(readJson(text)).toMatchObject({
      ok: false,
      refused: { problem: 'format-invalid', message: expect.stringContaining(message) },
    });
  });

  it.each([
    ['an empty file', ''],
    ['an empty array', ' [ ] '],
  ])('refuses %s as empty', (_label, text) => {
    expect(readJson(text)).toMatchObject({ ok: false, refused: { problem: 'empty' } });
  });
});

describe('rows of a file', () => {
  it('are read from the file again each time they are taken, in file order', () => {
    const reading = csv(`${HEADER}\nE1,Ada,,,,\nE2,Grace,,,\nE3,Alan,,,,`);
    if (!reading.ok) throw new Error('expected a readable file');
    const numbers = () => [...reading.file.entries()].map((entry) => entry.rowNumber);
    expect(numbers()).toEqual([1, 2, 3]);
    expect(numbers()).toEqual([1, 2, 3]);
    expect(reading.file.totalRows).toBe(3);
  });
});
