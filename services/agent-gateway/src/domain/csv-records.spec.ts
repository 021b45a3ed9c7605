import { csvRecords as records } from './csv-records';

const csvRecords = (text: string) => [...records(text)];

const fields = (...values: string[][]) => values.map((row) => ({ ok: true, fields: row }));

describe('CSV records', () => {
  it('splits plain records at commas and line breaks, whichever break the file uses', () => {
    const expected = fields(['a', 'b', 'c'], ['1', '2', '3']);
    expect(csvRecords('a,b,c\n1,2,3\n')).toEqual(expected);
    expect(csvRecords('a,b,c\r\n1,2,3\r\n')).toEqual(expected);
    expect(csvRecords('a,b,c\r1,2,3')).toEqual(expected);
  });

  it('keeps empty fields, also at the end of a line', () => {
    expect(csvRecords('a,,c\n,,\nx,')).toEqual(fields(['a', '', 'c'], ['', '', ''], ['x', '']));
  });

  it('reads quoted fields with commas, doubled quotes and line breaks inside', () => {
    expect(csvRecords('"Lovelace, Ada","say ""hi""","line one\r\nline two"\nnext')).toEqual(
      fields(['Lovelace, Ada', 'say "hi"', 'line one\r\nline two'], ['next']),
    );
    expect(csvRecords('"",x')).toEqual(fields(['', 'x']));
  });

  it('takes a quote inside an unquoted field literally, as spreadsheets do', () => {
    expect(csvRecords('5\'10",O"Brien')).toEqual(fields(['5\'10"', 'O"Brien']));
  });

  it('skips blank lines without counting them', () => {
    expect(csvRecords('\n\na\r\n\r\n\rb\n\n')).toEqual(fields(['a'], ['b']));
    expect(csvRecords('')).toEqual([]);
  });

  it('keeps spaces: values are passed on as the file has them', () => {
    expect(csvRecords(' a , b ')).toEqual(fields([' a ', ' b ']));
  });

  it('reports text after a closing quote as unreadable and goes on with the next line', () => {
    expect(csvRecords('1,"Ada"x,3\n2,Grace,4')).toEqual([
      { ok: false, reason: 'a quoted field is followed by text before the next comma' },
      { ok: true, fields: ['2', 'Grace', '4'] },
    ]);
  });

  it('loses only the row of a quote that is never closed, not the rest of the file', () => {
    expect(csvRecords('1,"Ada,3\n2,Grace,4\n3,Alan,5\n')).toEqual([
      { ok: false, reason: 'a quoted field is never closed' },
      { ok: true, fields: ['2', 'Grace', '4'] },
      { ok: true, fields: ['3', 'Alan', '5'] },
    ]);
  });

  it('resumes on the line after the broken record started, even when a later quote closed it', () => {
    // The stray quote of row 1 pairs with the first quote of row 3; reading again from line 2
    // keeps rows 2 and 3 instead of counting them into row 1.
    expect(csvRecords('1,"Ada,x\n2,Grace,y\n3,"Alan",z')).toEqual([
      { ok: false, reason: 'a quoted field is followed by text before the next comma' },
      { ok: true, fields: ['2', 'Grace', 'y'] },
      { ok: true, fields: ['3', 'Alan', 'z'] },
    ]);
  });
});
