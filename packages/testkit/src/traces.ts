import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpanRecord } from '@threadline/platform';

/** A path for OTEL_TRACES_FILE in a fresh temporary folder; the processes create the file. */
export function tracesFilePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'threadline-traces-')), 'spans.jsonl');
}

/** The spans written to an OTEL_TRACES_FILE so far, one JSON line each, in the order written. */
export function readSpans(file: string): SpanRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SpanRecord);
}
