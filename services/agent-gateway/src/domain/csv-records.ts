/** One record of a CSV text: its fields, or why it cannot be read. */
export type CsvRecord = { ok: true; fields: string[] } | { ok: false; reason: string };

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Index just past the line break at `at` (CRLF, LF or a lone CR), or `at` when there is none. */
function pastLineBreak(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === CR) return text.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
  if (c === LF) return at + 1;
  return at;
}

function isLineEnd(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return at >= text.length || c === LF || c === CR;
}

/** Index of the start of the line after the one `at` is on (the text's length on the last line). */
function nextLineStart(text: string, at: number): number {
  let i = at;
  while (!isLineEnd(text, i)) i += 1;
  return pastLineBreak(text, i);
}

type Step = { fields: string[]; next: number } | { reason: string };

/** Reads the record starting at `start` (not on a blank line). */
function readRecord(text: string, start: number): Step {
  const fields: string[] = [];
  let i = start;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) return { reason: 'a quoted field is never closed' };
        if (text.charCodeAt(quote + 1) === QUOTE) {
          value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (!isLineEnd(text, i) && text.charCodeAt(i) !== COMMA) {
        return { reason: 'a quoted field is followed by text before the next comma' };
      }
    } else {
      // Like spreadsheets, a quote inside an unquoted field is taken literally (5'10").
      let end = i;
      while (!isLineEnd(text, end) && text.charCodeAt(end) !== COMMA) end += 1;
      fields.push(text.slice(i, end));
      i = end;
    }
    if (text.charCodeAt(i) === COMMA) {
      i += 1;
      continue;
    }
    return { fields, next: pastLineBreak(text, i) };
  }
}

/**
 * The records of a CSV text (RFC 4180: commas, double quotes around fields that need them, ""
 * for a quote inside, line breaks inside quotes; CRLF, LF or CR between records), one at a
 * time, so a large file is never held as records all at once. Blank lines are skipped and not
 * counted. A record with broken quoting is yielded as unreadable and reading resumes on the
 * line after the one it started on, so one stray quote costs one row instead of swallowing the
 * rest of the file.
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = 0;
  while (i < text.length) {
    if (isLineEnd(text, i)) {
      i = pastLineBreak(text, i);
      continue;
    }
    const step = readRecord(text, i);
    if ('reason' in step) {
      yield { ok: false, reason: step.reason };
      i = nextLineStart(text, i);
    } else {
      yield { ok: true, fields: step.fields };
      i = step.next;
    }
  }
}
