// Prints where each service spent its CPU during a benchmark run with profiles on:
//
//   BENCH_CPU_PROFILE_DIR=/tmp/profiles node dist/conversation.bench.js
//   node dist/profile-report.js /tmp/profiles [top]
//
// The bench starts every service with `--cpu-prof --cpu-prof-dir=<dir>/<service>`; V8 writes the
// profile when the service exits. A service's seed command writes one there too, so the largest
// profile of each directory is the service's own.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { byFunction, byOwner, type CpuProfile, type SelfTime } from './cpu-profile';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function largestProfile(dir: string): Promise<string | null> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile'));
  let largest: { file: string; size: number } | null = null;
  for (const file of files) {
    const { size } = await stat(join(dir, file));
    if (largest === null || size > largest.size) largest = { file: join(dir, file), size };
  }
  return largest?.file ?? null;
}

function rows(times: SelfTime[], top: number): string[] {
  return times
    .slice(0, top)
    .map(
      (row) =>
        `    ${(row.share * 100).toFixed(1).padStart(5)} %  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`,
    );
}

async function main(): Promise<void> {
  const [dir, topArgument] = process.argv.slice(2);
  if (!dir) throw new Error('usage: profile-report <dir written by BENCH_CPU_PROFILE_DIR> [top]');
  const top = Number(topArgument ?? 12);
  for (const service of (await readdir(dir)).sort()) {
    const file = await largestProfile(join(dir, service)).catch(() => null);
    if (file === null) continue;
    const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
    const owners = byOwner(profile);
    const busyMs = owners.reduce((sum, row) => sum + row.ms, 0);
    say(`${service}: ${(busyMs / 1000).toFixed(1)} s busy (${file})`);
    say('  by owner of the code');
    for (const line of rows(owners, top)) say(line);
    say('  by function (self time)');
    for (const line of rows(byFunction(profile), top)) say(line);
    say('');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
