import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULT_KINDS } from '../src/faults';
import type { ChaosReport } from '../src/report';

const MAIN = join(__dirname, '..', 'dist', 'main.js');
/** Past this the run is stopped with SIGTERM (it then removes its servers) and the test fails. */
const RUN_LIMIT_MS = 280_000;

/** Runs the built tool as a child process; resolves with its exit code and output, whatever the code. */
function runChaos(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const options = { maxBuffer: 64_000_000, timeout: RUN_LIMIT_MS, killSignal: 'SIGTERM' as const };
    execFile(process.execPath, [MAIN, ...args], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe('pnpm chaos, one minute with seed 1', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chaos-spec-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'injects every kind of fault and loses nothing',
    async () => {
      const reportFile = join(dir, 'report.json');

      // 20 SMS/s: the CI machine runs the end-to-end suite beside this on two cores.
      const run = await runChaos([
        '--seed',
        '1',
        '--duration',
        '60s',
        '--rate',
        '20',
        '--report',
        reportFile,
      ]);

      const written = await readFile(reportFile, 'utf8').catch(() => null);
      if (written === null) throw new Error(`pnpm chaos wrote no report (exit ${run.code}):\n${run.output}`);
      const report = JSON.parse(written) as ChaosReport;
      expect({ code: run.code, failures: report.verdict.failures }).toEqual({ code: 0, failures: [] });
      for (const kind of FAULT_KINDS) {
        expect(report.faultsByKind.find((row) => row.kind === kind)?.count).toBeGreaterThanOrEqual(1);
      }
      expect(report.inbound.accepted).toBeGreaterThan(0);
      expect(report.replies.accepted).toBeGreaterThan(0);
      expect(report.timers.fired).toBeGreaterThan(0);
      expect(run.output).toMatch(/^PASS: nothing lost$/m);
    },
    RUN_LIMIT_MS + 20_000,
  );
});
