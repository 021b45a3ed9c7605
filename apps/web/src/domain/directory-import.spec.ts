import { importContentType, importProgress, lastRowShown, mergeRejections } from './directory-import';

describe('importContentType', () => {
  it.each([
    [{ name: 'users.csv', type: '' }, 'text/csv'],
    [{ name: 'USERS.CSV', type: 'application/vnd.ms-excel' }, 'text/csv'],
    [{ name: 'users.json', type: '' }, 'application/json'],
    [{ name: 'export', type: 'text/csv' }, 'text/csv'],
    [{ name: 'export', type: 'application/json' }, 'application/json'],
    [{ name: 'users.xlsx', type: 'application/vnd.ms-excel' }, null],
  ])('%j is sent as %s', (file, type) => expect(importContentType(file)).toBe(type));
});

describe('importProgress', () => {
  it('counts the rows done while it runs', () => {
    expect(importProgress({ processedRows: 3, totalRows: 10, state: 'running' })).toEqual({
      processed: 3,
      total: 10,
      text: '3 of 10 rows',
      done: false,
      stalled: false,
    });
  });

  it('is done when completed or stalled', () => {
    expect(importProgress({ processedRows: 10, totalRows: 10, state: 'completed' })).toMatchObject({
      done: true,
      stalled: false,
    });
    expect(importProgress({ processedRows: 4, totalRows: 10, state: 'stalled' })).toMatchObject({
      done: true,
      stalled: true,
    });
  });
});

describe('rejected rows, page by page', () => {
  const a = { rowNumber: 2, field: 'mobile', reason: 'not a phone number' };
  const b = { rowNumber: 2, field: 'email', reason: 'not an email' };
  const c = { rowNumber: 5, field: '*', reason: 'wrong number of fields' };

  it('adds the rows not shown yet, in order', () => {
    expect(mergeRejections([a], [a, b, c])).toEqual([a, b, c]);
    expect(mergeRejections([], [])).toEqual([]);
  });

  it('asks for more after the last row shown', () => {
    expect(lastRowShown([])).toBe(0);
    expect(lastRowShown([a, b, c])).toBe(5);
  });
});
