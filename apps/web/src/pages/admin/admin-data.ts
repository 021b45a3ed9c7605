// Loading what an admin page shows, and turning a refusal into errors beside the form's fields.
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { problemsOf } from '../../domain/admin-forms';
import { assignFieldErrors, type FieldErrors } from '../../domain/field-errors';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => Promise<void>;
}

/** `load` on mount and on `reload()`; its failure is kept as a message for the page to show. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await load());
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [load]);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
      },
      (failure: unknown) => {
        if (current) setError(messageOf(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [load]);
  return { data, error, reload };
}

export function messageOf(failure: unknown): string {
  if (failure instanceof ApiError) return `${failure.message} (${failure.code})`;
  return failure instanceof Error ? failure.message : String(failure);
}

/** A failed save as errors beside the fields its paths name, the rest above the form. */
export function errorsOf(
  failure: unknown,
  fields: readonly string[],
  codeFields: Readonly<Record<string, string>> = {},
): FieldErrors {
  if (!(failure instanceof ApiError)) return { byField: {}, general: [messageOf(failure)] };
  return assignFieldErrors(problemsOf(failure, codeFields), fields);
}

export const NO_ERRORS: FieldErrors = { byField: {}, general: [] };
