// Picks one directory user by name, email, external id or number (GET /directory/users): the
// New SMS form, the profile correction and the search use it.
import { useState } from 'react';
import { ApiError, unwrap } from '../../api/client';
import type { DirectoryUser } from '../../api/types';
import { useApi } from '../../app/session';
import { Field } from '../../ui/kit';

export function UserPicker({
  label,
  picked,
  onPick,
  error,
  hint,
}: {
  label: string;
  picked: DirectoryUser | null;
  onPick: (user: DirectoryUser | null) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<DirectoryUser[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function search() {
    const q = query.trim();
    if (q === '') return;
    setBusy(true);
    setProblem(null);
    try {
      const answer = await unwrap(api.GET('/directory/users', { params: { query: { q, limit: 10 } } }));
      setResults(answer.users);
    } catch (failure) {
      setResults(null);
      setProblem(failure instanceof ApiError ? failure.message : 'The search failed');
    } finally {
      setBusy(false);
    }
  }

  if (picked)
    return (
      <Field label={label} error={error} hint={hint}>
        {(control) => (
          <div className="picked-user row">
            <output {...control}>
              <strong>{picked.name}</strong> <span className="muted">{picked.mobile ?? 'no mobile'}</span>
            </output>
            <button type="button" onClick={() => onPick(null)}>
              Change
            </button>
          </div>
        )}
      </Field>
    );

  return (
    <div className="user-picker">
      <Field label={label} error={error ?? problem ?? undefined} hint={hint}>
        {(control) => (
          <div className="row">
            <input
              {...control}
              type="search"
              value={query}
              placeholder="Name, email or number"
              onChange={(event) => setQuery(event.target.value)}
              onKeyDown={(event) => {
                // The picker sits inside other forms: Enter searches instead of submitting them.
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void search();
                }
              }}
            />
            <button type="button" disabled={busy || query.trim() === ''} onClick={() => void search()}>
              Find
            </button>
          </div>
        )}
      </Field>
      {results !== null && (
        <div aria-live="polite">
          {results.length === 0 ? (
            <p className="empty">Nobody found</p>
          ) : (
            <ul className="user-results" aria-label={`${label}: results`}>
              {results.map((user) => (
                <li key={user.userId}>
                  <button type="button" disabled={!user.active} onClick={() => onPick(user)}>
                    {user.name}
                  </button>{' '}
                  <span className="muted">
                    {[user.mobile ?? 'no mobile', user.email, user.active ? null : 'inactive']
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
