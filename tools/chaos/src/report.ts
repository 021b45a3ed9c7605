import type { InboundVerdict, ReplyVerdict, Verdict } from './checks';
import type { FaultOutcome, summariseFaults } from './faults';
import type { AbandonedInbound, DeadLetterRow, RejectedRow } from './records';
import type { ProcessRecord } from './supervisor';

/** Everything a run found; written as JSON with `--report` and printed as a table. */
export interface ChaosReport {
  seed: number;
  durationMs: number;
  rate: number;
  faults: FaultOutcome[];
  faultsByKind: ReturnType<typeof summariseFaults>;
  inbound: {
    sent: number;
    accepted: number;
    abandoned: AbandonedInbound[];
    lost: InboundVerdict['lost'];
    duplicated: InboundVerdict['duplicated'];
    outOfOrder: InboundVerdict['outOfOrder'];
    webhookRetries: number;
  };
  desk: { acceptedOffers: number; ended: number; answers: Record<string, number> };
  replies: {
    accepted: number;
    delivered: number;
    refusedByStatus: Record<string, number>;
    lost: ReplyVerdict['lost'];
    failedReported: ReplyVerdict['failedReported'];
    duplicated: ReplyVerdict['duplicated'];
  };
  timers: { fired: number; firedTwice: number };
  twoActive: Array<{ pair: string; interactionIds: string[] }>;
  overCapacity: Array<{ agentId: string; capacity: number | null; load: number; at: string }>;
  capacitySamples: number;
  deadLetters: DeadLetterRow[];
  rejected: RejectedRow[];
  /**
   * After the load stopped: how many messages had not arrived yet, and how long the run waited
   * for them (it waits while they keep arriving, so late is told apart from lost).
   */
  drain: { backlogAtStop: number; tookMs: number };
  /** Per service, outbox events still unpublished at the end. */
  unpublishedOutbox: Record<string, number>;
  processes: ProcessRecord[];
  verdict: Verdict;
}

function seconds(ms: number | null): string {
  return ms === null ? 'never' : `${(ms / 1_000).toFixed(1)} s`;
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The table `pnpm chaos` prints at the end (docs/chaos.md explains each line). */
export function formatReport(report: ChaosReport): string {
  const lines: string[] = [];
  lines.push(`chaos run: seed ${report.seed}, ${report.durationMs / 1_000} s at ${report.rate} SMS/s`);
  lines.push('');
  lines.push(
    table([
      ['fault', 'count', 'recovered', 'worst recovery'],
      ...report.faultsByKind.map((row) => [
        row.kind,
        String(row.count),
        String(row.recovered),
        seconds(row.worstRecoveryMs),
      ]),
    ]),
  );
  lines.push('');
  lines.push(
    table([
      ['#', 'fault', 'target', 'at', 'down', 'recovery'],
      ...report.faults.map((fault, index) => [
        String(index + 1),
        fault.kind,
        fault.target ?? '',
        seconds(fault.injectedAtMs),
        seconds(fault.downMs),
        seconds(fault.recoveryMs),
      ]),
    ]),
  );
  lines.push('');
  const inbound = report.inbound;
  const replies = report.replies;
  lines.push(
    table([
      ['messages', 'count'],
      ['inbound sent', String(inbound.sent)],
      ['inbound accepted (200)', String(inbound.accepted)],
      ['inbound never accepted (driver gave up)', String(inbound.abandoned.length)],
      ['webhook retries', String(inbound.webhookRetries)],
      ['not arrived yet when the load stopped', String(report.drain.backlogAtStop)],
      ['time to drain that backlog', seconds(report.drain.tookMs)],
      ['inbound lost', String(inbound.lost.length)],
      ['inbound duplicated in a transcript', String(inbound.duplicated.length)],
      ['inbound out of order', String(inbound.outOfOrder.length)],
      ['offers accepted by the agents', String(report.desk.acceptedOffers)],
      ['conversations ended by the agents', String(report.desk.ended)],
      ['agent replies accepted', String(replies.accepted)],
      ['agent replies on the phone', String(replies.delivered)],
      ['agent replies reported failed', String(replies.failedReported.length)],
      ['agent replies lost', String(replies.lost.length)],
      ['agent replies duplicated on the phone', String(replies.duplicated.length)],
      ['timers fired', String(report.timers.fired)],
      ['timers fired twice', String(report.timers.firedTwice)],
      ['pairs with two active conversations', String(report.twoActive.length)],
      [`agent over capacity (of ${report.capacitySamples} samples)`, String(report.overCapacity.length)],
      ['dead letters', String(report.deadLetters.length)],
      ['rejected inbound messages', String(report.rejected.length)],
    ]),
  );
  const grouped = (rows: string[]) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row, (counts.get(row) ?? 0) + 1);
    return [...counts.entries()].map(([what, count]) => `  ${count} × ${what}`);
  };
  if (report.deadLetters.length > 0) {
    lines.push('', 'dead letters:');
    lines.push(
      ...grouped(
        report.deadLetters.map(
          (row) => `${row.service} ${row.consumer} ${row.errorCode}: ${row.reason.slice(0, 160)}`,
        ),
      ),
    );
  }
  if (report.rejected.length > 0) {
    lines.push('', 'rejected inbound messages:');
    lines.push(...grouped(report.rejected.map((row) => `${row.code}: ${row.reason.slice(0, 160)}`)));
  }
  if (replies.failedReported.length > 0) {
    lines.push('', 'agent replies reported failed:');
    lines.push(...grouped(replies.failedReported.map((row) => row.reason)));
  }
  if (inbound.lost.length > 0) {
    lines.push('', 'inbound lost, by where it is missing and when it was accepted (s into the load):');
    lines.push(
      ...grouped(
        inbound.lost.map(
          (row) =>
            `missing from the ${row.missingFrom}, accepted at ${Math.floor(row.message.acceptedAtMs / 5_000) * 5} s`,
        ),
      ),
    );
  }
  if (inbound.abandoned.length > 0) {
    lines.push('', 'inbound never accepted, by last answer:');
    lines.push(...grouped(inbound.abandoned.map((row) => row.lastAnswer)));
  }
  lines.push(
    '',
    'unpublished outbox events at the end: ' +
      Object.entries(report.unpublishedOutbox)
        .map(([service, count]) => `${service} ${count}`)
        .join(', '),
  );
  lines.push(
    '',
    'processes: ' +
      report.processes.map((p) => `${p.name} ${p.starts} starts, ${p.errorLogs} error logs`).join('; '),
  );
  lines.push('');
  lines.push(report.verdict.ok ? 'PASS: nothing lost' : `FAIL: ${report.verdict.failures.join('; ')}`);
  return lines.join('\n');
}
