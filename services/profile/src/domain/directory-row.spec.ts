import {
  type DirectoryUserInput,
  MAX_OTHER_PHONES,
  MAX_TEXT_LENGTH,
  planImportChunk,
  readDirectoryRow,
  type RowProblem,
  type RowReading,
} from './directory-row';

const ADA = { externalId: 'emp-001', name: 'Ada Lovelace' };

function accepted(reading: RowReading): DirectoryUserInput {
  if (!reading.ok)
    throw new Error(`expected the row to be accepted, got ${JSON.stringify(reading.problems)}`);
  return reading.user;
}

function problems(reading: RowReading): RowProblem[] {
  if (reading.ok) throw new Error(`expected the row to be rejected, got ${JSON.stringify(reading.user)}`);
  return reading.problems;
}

describe('readDirectoryRow', () => {
  it('reads a complete row: trimmed text, lower-case email, numbers in E.164', () => {
    const user = accepted(
      readDirectoryRow(
        {
          externalId: ' emp-001 ',
          name: '  Ada Lovelace ',
          email: ' Ada.Lovelace@Example.COM ',
          mobile: '(555) 123-0001',
          otherPhones: '555-123-0002',
          active: 'yes',
        },
        'US',
      ),
    );
    expect(user).toEqual({
      externalId: 'emp-001',
      name: 'Ada Lovelace',
      email: 'ada.lovelace@example.com',
      mobile: '+15551230001',
      otherPhones: ['+15551230002'],
      active: true,
    });
  });

  it('needs only externalId and name: no email, no numbers, active by default', () => {
    expect(accepted(readDirectoryRow(ADA, 'US'))).toEqual({
      ...ADA,
      email: null,
      mobile: null,
      otherPhones: [],
      active: true,
    });
  });

  it('ignores fields the directory does not know', () => {
    const user = accepted(readDirectoryRow({ ...ADA, department: 'Analytical Engines', 42: 'x' }, 'US'));
    expect(Object.keys(user).sort()).toEqual([
      'active',
      'email',
      'externalId',
      'mobile',
      'name',
      'otherPhones',
    ]);
  });

  describe('externalId and name', () => {
    it.each([
      ['missing', {}],
      ['null', { externalId: null, name: null }],
      ['empty', { externalId: '', name: '' }],
      ['blank', { externalId: '   ', name: '\t' }],
    ])('are required: %s values are reported, one entry per field', (_, fields) => {
      expect(problems(readDirectoryRow(fields, 'US'))).toEqual([
        { field: 'externalId', reason: 'is required' },
        { field: 'name', reason: 'is required' },
      ]);
    });

    it('accept a number as text (a CSV-to-JSON converter may make one of an id)', () => {
      expect(accepted(readDirectoryRow({ externalId: 42, name: 'Ada' }, 'US')).externalId).toBe('42');
    });

    it('must be text', () => {
      expect(problems(readDirectoryRow({ externalId: { id: 1 }, name: true }, 'US'))).toEqual([
        { field: 'externalId', reason: 'must be text' },
        { field: 'name', reason: 'must be text' },
      ]);
    });

    it(`are at most ${MAX_TEXT_LENGTH} characters`, () => {
      expect(
        accepted(readDirectoryRow({ ...ADA, name: 'a'.repeat(MAX_TEXT_LENGTH) }, 'US')).name,
      ).toHaveLength(MAX_TEXT_LENGTH);
      expect(problems(readDirectoryRow({ ...ADA, name: 'a'.repeat(MAX_TEXT_LENGTH + 1) }, 'US'))).toEqual([
        { field: 'name', reason: `is longer than ${MAX_TEXT_LENGTH} characters` },
      ]);
    });
  });

  describe('email', () => {
    it.each(['ada@example.com', 'ada+support@mail.example.co.uk', 'A.Lovelace@EXAMPLE.org'])(
      'accepts %s',
      (email) => {
        expect(accepted(readDirectoryRow({ ...ADA, email }, 'US')).email).toBe(email.toLowerCase());
      },
    );

    it.each(['ada', 'ada@', '@example.com', 'ada@example', 'ada lovelace@example.com', 'ada@@example.com'])(
      'rejects %s',
      (email) => {
        expect(problems(readDirectoryRow({ ...ADA, email }, 'US'))).toEqual([
          { field: 'email', reason: 'is not an email address' },
        ]);
      },
    );

    it('is optional: empty text means no email', () => {
      expect(accepted(readDirectoryRow({ ...ADA, email: '' }, 'US')).email).toBeNull();
    });
  });

  describe('mobile', () => {
    it.each([
      '(555) 123-4567',
      '555-123-4567',
      '555 123 4567',
      '555.123.4567',
      '5551234567',
      '1 555 123 4567',
      '1-555-123-4567',
      '+1 (555) 123-4567',
      '+1 555.123.4567',
      '+15551234567',
      ' +1 555 123 4567 ',
    ])('normalises %j with the default region US to +15551234567', (mobile) => {
      expect(accepted(readDirectoryRow({ ...ADA, mobile }, 'US')).mobile).toBe('+15551234567');
    });

    it('accepts a JSON number', () => {
      expect(accepted(readDirectoryRow({ ...ADA, mobile: 5551234567 }, 'US')).mobile).toBe('+15551234567');
    });

    it('reads a national number in the default region given, and keeps an explicit country code', () => {
      expect(accepted(readDirectoryRow({ ...ADA, mobile: '020 7946 0958' }, 'GB')).mobile).toBe(
        '+442079460958',
      );
      expect(accepted(readDirectoryRow({ ...ADA, mobile: '+1 (555) 123-4567' }, 'GB')).mobile).toBe(
        '+15551234567',
      );
      expect(accepted(readDirectoryRow({ ...ADA, mobile: '(555) 123-4567' }, 'GB')).mobile).toBe(
        '+445551234567',
      );
    });

    it.each(['call me', '123', '555-123-4567 ext 12', '+1 555 123 4567 890 12'])(
      'rejects %j, quoting it',
      (mobile) => {
        expect(problems(readDirectoryRow({ ...ADA, mobile }, 'US'))).toEqual([
          { field: 'mobile', reason: `"${mobile}" is not a phone number` },
        ]);
      },
    );

    it('quotes at most 40 characters of what it rejects', () => {
      const mobile = `x${'9'.repeat(60)}`;
      expect(problems(readDirectoryRow({ ...ADA, mobile }, 'US'))).toEqual([
        { field: 'mobile', reason: `"${mobile.slice(0, 40)}" is not a phone number` },
      ]);
    });

    it('must be text or a number', () => {
      expect(problems(readDirectoryRow({ ...ADA, mobile: ['5551234567'] }, 'US'))).toEqual([
        { field: 'mobile', reason: 'must be text' },
      ]);
    });

    it('is optional', () => {
      expect(accepted(readDirectoryRow({ ...ADA, mobile: ' ' }, 'US')).mobile).toBeNull();
    });
  });

  describe('otherPhones', () => {
    it('reads a JSON array of numbers in any writing', () => {
      const user = accepted(
        readDirectoryRow({ ...ADA, otherPhones: ['(555) 123-0002', '+1 555 123 0003', 5551230004] }, 'US'),
      );
      expect(user.otherPhones).toEqual(['+15551230002', '+15551230003', '+15551230004']);
    });

    it.each([
      ['";"', '(555) 123-0002; 555.123.0003'],
      ['","', '(555) 123-0002,555.123.0003'],
      ['both', '(555) 123-0002 ; 555.123.0003,'],
    ])('reads text separated by %s (CSV), ignoring empty parts', (_, otherPhones) => {
      expect(accepted(readDirectoryRow({ ...ADA, otherPhones }, 'US')).otherPhones).toEqual([
        '+15551230002',
        '+15551230003',
      ]);
    });

    it('drops numbers that repeat, in whatever writing, keeping the first', () => {
      const user = accepted(
        readDirectoryRow(
          { ...ADA, otherPhones: '555-123-0003; (555) 123-0002; +15551230003; 555 123 0002' },
          'US',
        ),
      );
      expect(user.otherPhones).toEqual(['+15551230003', '+15551230002']);
    });

    it('drops the mobile, in whatever writing', () => {
      const user = accepted(
        readDirectoryRow(
          { ...ADA, mobile: '+1 555 123 0001', otherPhones: ['(555) 123-0001', '555-123-0002'] },
          'US',
        ),
      );
      expect(user).toMatchObject({ mobile: '+15551230001', otherPhones: ['+15551230002'] });
    });

    it(`holds up to ${MAX_OTHER_PHONES} numbers`, () => {
      const numbers = (count: number) =>
        Array.from({ length: count }, (_, index) => `555-123-${String(index + 10).padStart(4, '0')}`);
      expect(
        accepted(readDirectoryRow({ ...ADA, otherPhones: numbers(MAX_OTHER_PHONES) }, 'US')).otherPhones,
      ).toHaveLength(MAX_OTHER_PHONES);
      expect(
        problems(readDirectoryRow({ ...ADA, otherPhones: numbers(MAX_OTHER_PHONES + 1) }, 'US')),
      ).toEqual([{ field: 'otherPhones', reason: `has more than ${MAX_OTHER_PHONES} numbers` }]);
      expect(
        problems(readDirectoryRow({ ...ADA, otherPhones: numbers(MAX_OTHER_PHONES + 1).join(';') }, 'US')),
      ).toEqual([{ field: 'otherPhones', reason: `has more than ${MAX_OTHER_PHONES} numbers` }]);
    });

    it('reports every bad number of the field in one entry', () => {
      expect(
        problems(readDirectoryRow({ ...ADA, otherPhones: ['555-123-0002', 'nope', true, '12'] }, 'US')),
      ).toEqual([
        {
          field: 'otherPhones',
          reason: '"nope" is not a phone number; must be text; "12" is not a phone number',
        },
      ]);
    });

    it('must be a list or text', () => {
      expect(problems(readDirectoryRow({ ...ADA, otherPhones: { home: '555-123-0002' } }, 'US'))).toEqual([
        { field: 'otherPhones', reason: 'must be a list of phone numbers' },
      ]);
    });

    it('is optional: empty text and an empty list mean none', () => {
      expect(accepted(readDirectoryRow({ ...ADA, otherPhones: '' }, 'US')).otherPhones).toEqual([]);
      expect(accepted(readDirectoryRow({ ...ADA, otherPhones: [] }, 'US')).otherPhones).toEqual([]);
    });
  });

  describe('active', () => {
    it.each(['true', 'TRUE', 'yes', ' Yes ', 'y', '1', 'active', true, 1])('%j is active', (active) => {
      expect(accepted(readDirectoryRow({ ...ADA, active }, 'US')).active).toBe(true);
    });

    it.each(['false', 'False', 'no', 'NO', 'n', '0', 'inactive', false, 0])('%j is not active', (active) => {
      expect(accepted(readDirectoryRow({ ...ADA, active }, 'US')).active).toBe(false);
    });

    it.each([undefined, null, '', '  '])('%j (not given) is active', (active) => {
      expect(accepted(readDirectoryRow({ ...ADA, active }, 'US')).active).toBe(true);
    });

    it.each(['maybe', 'on', 2, '10'])('%j is refused', (active) => {
      expect(problems(readDirectoryRow({ ...ADA, active }, 'US'))).toEqual([
        { field: 'active', reason: 'must be true or false' },
      ]);
    });
  });

  it('reports every problem of a row, one entry per field, in field order', () => {
    expect(
      problems(
        readDirectoryRow(
          {
            externalId: '',
            name: 'Ada',
            email: 'not-an-email',
            mobile: 'mobile?',
            otherPhones: ['bad', 'worse'],
            active: 'perhaps',
            unknown: 'ignored',
          },
          'US',
        ),
      ),
    ).toEqual([
      { field: 'externalId', reason: 'is required' },
      { field: 'email', reason: 'is not an email address' },
      { field: 'mobile', reason: '"mobile?" is not a phone number' },
      { field: 'otherPhones', reason: '"bad" is not a phone number; "worse" is not a phone number' },
      { field: 'active', reason: 'must be true or false' },
    ]);
  });
});

describe('planImportChunk', () => {
  const row = (rowNumber: number, fields: Record<string, unknown>) => ({ rowNumber, fields });

  it('plans the users in row order, whatever order the rows came in, normalising in the region', () => {
    const plan = planImportChunk(
      [
        row(3, { externalId: 'c', name: 'C', mobile: '(555) 123-0003' }),
        row(1, { externalId: 'a', name: 'A' }),
        row(2, { externalId: 'b', name: 'B', mobile: '020 7946 0958' }),
      ],
      'GB',
    );
    expect(plan.rejections).toEqual([]);
    expect(plan.users.map((user) => [user.rowNumber, user.externalId, user.mobile])).toEqual([
      [1, 'a', null],
      [2, 'b', '+442079460958'],
      [3, 'c', '+445551230003'],
    ]);
  });

  it('rejects each problem of a bad row with its row number and field, and keeps the good rows', () => {
    const plan = planImportChunk(
      [
        row(1, { externalId: 'a', name: 'A' }),
        row(2, { externalId: 'b', email: 'b@', mobile: 'x' }),
        row(3, { externalId: 'c', name: 'C' }),
      ],
      'US',
    );
    expect(plan.users.map((user) => user.rowNumber)).toEqual([1, 3]);
    expect(plan.rejections).toEqual([
      { rowNumber: 2, field: 'name', reason: 'is required' },
      { rowNumber: 2, field: 'email', reason: 'is not an email address' },
      { rowNumber: 2, field: 'mobile', reason: '"x" is not a phone number' },
    ]);
  });

  it('rejects an external id repeated in the chunk after its first row, naming that row', () => {
    const plan = planImportChunk(
      [
        row(7, { externalId: 'a', name: 'Third' }),
        row(5, { externalId: 'a', name: 'Second' }),
        row(2, { externalId: 'a', name: 'First' }),
        row(3, { externalId: 'b', name: 'B' }),
      ],
      'US',
    );
    expect(plan.users.map((user) => [user.rowNumber, user.name])).toEqual([
      [2, 'First'],
      [3, 'B'],
    ]);
    expect(plan.rejections).toEqual([
      { rowNumber: 5, field: 'externalId', reason: 'repeats the external id of row 2' },
      { rowNumber: 7, field: 'externalId', reason: 'repeats the external id of row 2' },
    ]);
  });

  it('compares external ids as written after trimming', () => {
    const plan = planImportChunk(
      [row(1, { externalId: 'a', name: 'A' }), row(2, { externalId: ' a ', name: 'A again' })],
      'US',
    );
    expect(plan.rejections).toEqual([
      { rowNumber: 2, field: 'externalId', reason: 'repeats the external id of row 1' },
    ]);
  });

  it('an empty chunk plans nothing', () => {
    expect(planImportChunk([], 'US')).toEqual({ users: [], rejections: [] });
  });
});
