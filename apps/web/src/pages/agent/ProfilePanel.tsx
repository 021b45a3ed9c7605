// Who is behind the conversation's number (SPEC P1–P5, docs/profiles.md): the messaging profile,
// a correction to another directory user or the guest, and the audit trail with undo.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, unwrap } from '../../api/client';
import type { AuditEntry, ConversationSummary, DirectoryUser, MessagingProfile } from '../../api/types';
import { useSession } from '../../app/session';
import type { FieldErrors } from '../../domain/field-errors';
import {
  type HistoryRow,
  conflictText,
  historyRows,
  profileErrors,
  profileSummary,
  reasonProblem,
  userIdsOf,
} from '../../domain/profile';
import { formatInstant } from '../../domain/time';
import { Field, FormErrors } from '../../ui/kit';
import { UserPicker } from './UserPicker';

const NO_ERRORS: FieldErrors = { byField: {}, general: [] };

function asErrors(failure: unknown): FieldErrors {
  return failure instanceof ApiError
    ? profileErrors(failure)
    : { byField: {}, general: ['The request failed'] };
}

/** SPEC P5: who is behind the number, with correction, history and undo. */
export function ProfilePanel({ conversation }: { conversation: ConversationSummary }) {
  const conflict = conversation.identityConflict ? conflictText(conversation.identityConflictReason) : null;
  return (
    <aside className="profile-panel card" aria-label="Requester profile">
      <h2>Requester</h2>
      {conflict && (
        <p className="profile-conflict">
          <strong>Identity conflict:</strong> {conflict} Confirm or correct who this is.
        </p>
      )}
      {conversation.profileId ? (
        <ProfileDetails key={conversation.profileId} profileId={conversation.profileId} />
      ) : (
        <p className="muted">
          Not known yet: the number’s profile is set once its first message is resolved.
        </p>
      )}
    </aside>
  );
}

interface Loaded {
  profile: MessagingProfile;
  history: AuditEntry[];
  names: Record<string, string>;
}

function ProfileDetails({ profileId }: { profileId: string }) {
  const { api, agent } = useSession();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [notice, setNotice] = useState('');

  const load = useCallback(
    () =>
      Promise.all([
        unwrap(api.GET('/profiles/{profileId}', { params: { path: { profileId } } })),
        unwrap(api.GET('/profiles/{profileId}/history', { params: { path: { profileId } } })),
      ])
        .then(async ([profile, history]) => {
          const names: Record<string, string> = profile.user
            ? { [profile.user.userId]: profile.user.name }
            : {};
          // The trail names users by id: look each up once (the directory finds a user by id).
          const unknown = userIdsOf(history.entries).filter((id) => names[id] === undefined);
          const found = await Promise.all(
            unknown.map((id) =>
              unwrap(api.GET('/directory/users', { params: { query: { q: id, limit: 1 } } }))
                .then((answer) => answer.users.find((user) => user.userId === id))
                .catch(() => undefined),
            ),
          );
          for (const user of found) if (user) names[user.userId] = user.name;
          setLoaded({ profile, history: history.entries, names });
          setProblem(null);
        })
        .catch((failure: unknown) => {
          setProblem(failure instanceof ApiError ? failure.message : 'Could not read the profile');
        }),
    [api, profileId],
  );

  useEffect(() => {
    void load();
  }, [load]);

  if (problem && !loaded) return <FormErrors errors={[problem]} />;
  if (!loaded) return <p role="status">Loading…</p>;

  const summary = profileSummary(loaded.profile);
  const rows = historyRows(loaded.history, loaded.names, agent?.id ?? '');
  const changed = (text: string) => {
    setNotice(text);
    setCorrecting(false);
    void load();
  };

  return (
    <>
      <dl className="profile-summary">
        <dt>Number</dt>
        <dd>{summary.address}</dd>
        <dt>Belongs to</dt>
        <dd>
          {summary.who}
          {summary.detail && <div className="muted">{summary.detail}</div>}
        </dd>
        <dt>Status</dt>
        <dd>{summary.status}</dd>
      </dl>
      <p role="status" className="muted">
        {notice}
      </p>
      {problem && <FormErrors errors={[problem]} />}
      {correcting ? (
        <CorrectionForm
          profileId={profileId}
          current={loaded.profile.user}
          onDone={changed}
          onCancel={() => setCorrecting(false)}
        />
      ) : (
        <button type="button" onClick={() => setCorrecting(true)} disabled={!loaded.profile.active}>
          Correct who this is
        </button>
      )}
      <h3>History</h3>
      {rows.length === 0 ? (
        <p className="empty">No changes yet.</p>
      ) : (
        <ol className="profile-history">
          {rows.map((row) => (
            <HistoryItem key={row.auditId} row={row} profileId={profileId} onDone={changed} />
          ))}
        </ol>
      )}
    </>
  );
}

function CorrectionForm({
  profileId,
  current,
  onDone,
  onCancel,
}: {
  profileId: string;
  current: DirectoryUser | null;
  onDone: (notice: string) => void;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const [guest, setGuest] = useState(false);
  const [user, setUser] = useState<DirectoryUser | null>(current);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const reasonError = reasonProblem(reason);
    if (reasonError || (!guest && !user)) {
      setErrors({
        byField: {
          ...(reasonError ? { reason: reasonError } : {}),
          ...(!guest && !user ? { userId: 'Pick a user, or choose the guest' } : {}),
        },
        general: [],
      });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const answer = await unwrap(
        api.PUT('/profiles/{profileId}/user', {
          params: { path: { profileId } },
          body: { userId: guest ? null : (user?.userId ?? null), reason: reason.trim() },
        }),
      );
      onDone(answer.audit ? 'Saved: the profile and its open conversations follow.' : 'Nothing to change.');
    } catch (failure) {
      setErrors(asErrors(failure));
      setBusy(false);
    }
  }

  return (
    <form className="profile-correction" onSubmit={(event) => void submit(event)} noValidate>
      <FormErrors errors={errors} />
      <label className="checkbox">
        <input type="checkbox" checked={guest} onChange={(event) => setGuest(event.target.checked)} /> Nobody
        known (the guest)
      </label>
      {!guest && (
        <UserPicker label="Belongs to" picked={user} onPick={setUser} error={errors.byField.userId} />
      )}
      <ReasonField label="Reason" value={reason} onChange={setReason} error={errors.byField.reason} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function HistoryItem({
  row,
  profileId,
  onDone,
}: {
  row: HistoryRow;
  profileId: string;
  onDone: (notice: string) => void;
}) {
  const { api } = useSession();
  const [undoing, setUndoing] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function undo(event: FormEvent) {
    event.preventDefault();
    const reasonError = reasonProblem(reason);
    if (reasonError) {
      setErrors({ byField: { reason: reasonError }, general: [] });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await unwrap(
        api.POST('/profiles/{profileId}/history/{auditId}/undo', {
          params: { path: { profileId, auditId: row.auditId } },
          body: { reason: reason.trim() },
        }),
      );
      setUndoing(false);
      setReason('');
      onDone('Undone.');
    } catch (failure) {
      setErrors(asErrors(failure));
    }
    setBusy(false);
  }

  return (
    <li>
      <div>
        <strong>{row.what}</strong>
        {row.from !== '—' || row.to !== '—' ? `: ${row.from} → ${row.to}` : ''}
      </div>
      <div className="muted">
        {row.who} · <time dateTime={row.at}>{formatInstant(row.at)}</time>
      </div>
      {row.reason && <div>“{row.reason}”</div>}
      {row.undoable && !undoing && (
        <button type="button" onClick={() => setUndoing(true)}>
          Undo
        </button>
      )}
      {undoing && (
        <form onSubmit={(event) => void undo(event)} noValidate>
          <FormErrors errors={errors} />
          <ReasonField label="Why undo" value={reason} onChange={setReason} error={errors.byField.reason} />
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              Undo change
            </button>
            <button type="button" onClick={() => setUndoing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

/** The reason a correction or an undo is audited with (P5: who, when, from, to, why). */
function ReasonField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <Field label={label} error={error}>
      {(control) => (
        <input
          {...control}
          value={value}
          maxLength={500}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
