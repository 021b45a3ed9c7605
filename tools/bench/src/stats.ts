/** Percentile of already-sorted samples, nearest-rank method. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(samples: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/** Runs `task(i)` for i in [0, total) with at most `concurrency` in flight, reporting progress. */
export async function runPool(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  onProgress: (done: number) => void = () => undefined,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      await task(index);
      done += 1;
      if (done % Math.max(1, Math.floor(total / 10)) === 0) onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

export function rate(count: number, millis: number): number {
  return Math.round((count / millis) * 1000);
}
