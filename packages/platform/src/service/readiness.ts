export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
  /** Whether the service is unready while this check fails (else it only runs degraded). */
  required: boolean;
}

export interface Readiness {
  /** Every required check answered. */
  ready: boolean;
  /** Checks that failed without making the service unready: it serves, with less. */
  degraded: string[];
  checks: Record<string, CheckResult>;
}

export type Check = () => Promise<unknown>;

/**
 * Runs every check in parallel, each bounded by `timeoutMs`, and reports each one. Only the
 * `required` ones decide readiness (all of them unless named); the others are reported.
 */
export async function checkReadiness(
  checks: Record<string, Check>,
  timeoutMs: number,
  required: readonly string[] = Object.keys(checks),
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true, latencyMs: Date.now() - started, required: required.includes(name) }];
      } catch (error) {
        const latencyMs = Date.now() - started;
        return [
          name,
          { ok: false, latencyMs, error: (error as Error).message, required: required.includes(name) },
        ];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    ready: entries.every(([, result]) => result.ok || !result.required),
    degraded: entries.filter(([, result]) => !result.ok && !result.required).map(([name]) => name),
    checks: Object.fromEntries(entries),
  };
}
