// Loading what an admin page shows, and turning a refusal into errors beside the form's fields.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { problemsOf } from '../../domain/admin-forms';
import { assignFieldErrors, type FieldErrors, type FieldProblem } from '../../domain/field-errors';

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

/** What an admin form makes of its draft: settings to send, or the problems found first. */
export type Made<S> = { ok: true; settings: S } | { ok: false; problems: FieldProblem[] };

interface SettingsFormOptions<D, S, T> {
  initial: () => D;
  /** The field paths the form shows errors beside, for this draft. */
  fieldPaths: (draft: D) => readonly string[];
  settings: (draft: D) => Made<S>;
  /** Creates (with `id`) or updates; `id` is chosen once per form, so a retried create is idempotent. */
  save: (settings: S, id: string) => Promise<T>;
  codeFields: Readonly<Record<string, string>>;
  onSaved: (saved: T) => Promise<void>;
}

/**
 * The draft, errors and submit of an admin create-or-edit form: the draft's own problems are
 * shown without asking the API, the API's refusal beside the fields its paths name.
 */
export function useSettingsForm<D, S, T>(options: SettingsFormOptions<D, S, T>) {
  const [draft, setDraft] = useState<D>(options.initial);
  const [id] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<D>) => setDraft((old) => ({ ...old, ...change }));
  const error = (path: string) => errors.byField[path];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields = options.fieldPaths(draft);
    const made = options.settings(draft);
    if (!made.ok) {
      setErrors(assignFieldErrors(made.problems, fields));
      return;
    }
    setBusy(true);
    try {
      const saved = await options.save(made.settings, id);
      setErrors(NO_ERRORS);
      await options.onSaved(saved);
    } catch (failure) {
      setErrors(errorsOf(failure, fields, options.codeFields));
    } finally {
      setBusy(false);
    }
  };
  return { draft, set, errors, error, busy, submit };
}
