// Small hooks the agent pages share: one clock per page (never one per row) and an action's
// busy flag and error.
import { useCallback, useEffect, useRef, useState } from 'react';
import { type Api, ApiError, unwrap } from '../../api/client';

/**
 * SPEC S4: the most segments an agent's text may take, as the API holds it (null until it
 * answered, or if it could not: the send itself still refuses).
 */
export function useMaxSegments(api: Api): number | null {
  const [maxSegments, setMaxSegments] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    unwrap(api.GET('/me/message-limits'))
      .then((limits) => {
        if (live) setMaxSegments(limits.maxSegments);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  return maxSegments;
}

/** The time now, refreshed every `intervalMs` while the component is mounted. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : 'Something went wrong.';
}

export interface Action<A extends unknown[]> {
  run: (...args: A) => Promise<boolean>;
  busy: boolean;
  error: unknown;
  clear: () => void;
}

/**
 * Runs one API command at a time: a second call while one is under way does nothing (a
 * double click sends once). `run` answers whether it succeeded; the error stays until the next run.
 */
export function useAction<A extends unknown[]>(
  command: (...args: A) => Promise<unknown>,
  onError?: (error: unknown) => void,
): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const latest = useRef({ command, onError });
  useEffect(() => {
    latest.current = { command, onError };
  });
  const run = useCallback(async (...args: A) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await latest.current.command(...args);
      return true;
    } catch (caught) {
      setError(caught);
      latest.current.onError?.(caught);
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { run, busy, error, clear };
}
