// SPEC P1–P5: import the user directory from a CSV or JSON file, follow its progress, read the
// rows it rejected; and look users up.
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { unwrap } from '../../api/client';
import type { DirectoryUser, ImportRejection, ImportStatus } from '../../api/types';
import { useApi } from '../../app/session';
import {
  importContentType,
  importProgress,
  lastRowShown,
  mergeRejections,
} from '../../domain/directory-import';
import { Empty, Field, FormErrors, Page, TableWrap } from '../../ui/kit';
import { messageOf } from './admin-data';

const POLL_MS = 1_000;
const PAGE = 100;

export function DirectoryPage() {
  return (
    <Page title="Directory">
      <ImportSection />
      <UserSearch />
    </Page>
  );
}

function ImportSection() {
  const api = useApi();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [rejections, setRejections] = useState<ImportRejection[]>([]);
  const [more, setMore] = useState(false);
  const shown = useRef<ImportRejection[]>([]);

  const fetchPage = useCallback(
    async (importId: string) => {
      const page = await unwrap(
        api.GET('/directory/imports/{importId}', {
          params: {
            path: { importId },
            query: { rejectionsAfterRow: lastRowShown(shown.current), limit: PAGE },
          },
        }),
      );
      shown.current = mergeRejections(shown.current, page.rejections);
      setRejections(shown.current);
      setStatus(page.status);
      setMore(page.nextRejectionsAfterRow !== null);
      return page;
    },
    [api],
  );

  const running = status !== null && !importProgress(status).done;
  const importId = status?.importId;
  useEffect(() => {
    if (!running || !importId) return;
    const timer = setTimeout(() => {
      fetchPage(importId).catch((failure: unknown) => setErrors([messageOf(failure)]));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, importId, status, fetchPage]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError('choose a CSV or JSON file');
      return;
    }
    const contentType = importContentType(file);
    if (!contentType) {
      setFileError('the file must be CSV (.csv) or JSON (.json)');
      return;
    }
    setFileError(undefined);
    setErrors([]);
    setBusy(true);
    try {
      const started = await unwrap(
        api.POST('/directory/imports', {
          params: { query: { fileName: file.name } },
          // The file goes as it is, with its own content type: the API reads CSV or JSON bytes.
          body: '',
          bodySerializer: () => file,
          headers: { 'content-type': contentType },
        }),
      );
      shown.current = [];
      setRejections([]);
      setMore(false);
      setStatus(started);
    } catch (failure) {
      setErrors([messageOf(failure)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-heading" className="card stack">
      <h2 id="import-heading">Import users</h2>
      <p className="muted">
        CSV with a header row (external_id and name required; email, mobile, other_phones separated by “;”,
        active), or a JSON array of users. Users are updated by external id; a row with a problem is reported
        and skipped.
      </p>
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        <FormErrors errors={errors} />
        <Field label="Directory file" error={fileError}>
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".csv,.json,text/csv,application/json"
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
          )}
        </Field>
        <div className="row">
          <button type="submit" className="primary" disabled={busy || running}>
            {busy ? 'Uploading…' : 'Import'}
          </button>
        </div>
      </form>
      {status && <ImportReport status={status} rejections={rejections} />}
      {status && more && !running && (
        <button
          type="button"
          onClick={() => void fetchPage(status.importId).catch((f: unknown) => setErrors([messageOf(f)]))}
        >
          Show more rejected rows
        </button>
      )}
    </section>
  );
}

function ImportReport({ status, rejections }: { status: ImportStatus; rejections: ImportRejection[] }) {
  const progress = importProgress(status);
  return (
    <div className="stack import-report">
      <div className="import-progress">
        <label htmlFor="import-progress-bar">Import of {status.fileName ?? 'the file'}</label>
        <progress id="import-progress-bar" max={Math.max(progress.total, 1)} value={progress.processed} />
        <p role="status" data-testid="import-progress">
          {progress.text}
        </p>
      </div>
      {progress.done && (
        <p role="status">
          {progress.stalled
            ? 'The import stalled: upload the file again to resume it.'
            : `Done: ${status.acceptedRows} imported, ${status.rejectedRows} rejected.`}
        </p>
      )}
      <dl className="import-counts">
        <dt>Rows</dt>
        <dd>{status.totalRows}</dd>
        <dt>Imported</dt>
        <dd>{status.acceptedRows}</dd>
        <dt>Rejected</dt>
        <dd>{status.rejectedRows}</dd>
      </dl>
      {rejections.length > 0 && (
        <TableWrap label="Rejected rows">
          <table className="admin-table">
            <caption>Rejected rows</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Field</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rejections.map((rejection) => (
                <tr key={`${rejection.rowNumber}-${rejection.field}-${rejection.reason}`}>
                  <td>{rejection.rowNumber}</td>
                  <td>{rejection.field === '*' ? 'the whole row' : rejection.field}</td>
                  <td>{rejection.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

function UserSearch() {
  const api = useApi();
  const [q, setQ] = useState('');
  const [users, setUsers] = useState<DirectoryUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (q.trim() === '') return;
    setBusy(true);
    try {
      setUsers(
        (await unwrap(api.GET('/directory/users', { params: { query: { q: q.trim(), limit: 50 } } }))).users,
      );
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="users-heading" className="card stack">
      <h2 id="users-heading">Find users</h2>
      <form className="row" role="search" onSubmit={(event) => void search(event)}>
        <Field label="Name, email, external id or phone number">
          {(props) => (
            <input {...props} type="search" value={q} onChange={(event) => setQ(event.target.value)} />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          Search
        </button>
      </form>
      <FormErrors errors={error ? [error] : []} />
      {users && users.length === 0 && <Empty>Nobody matches.</Empty>}
      {users && users.length > 0 && (
        <TableWrap label="Users">
          <table className="admin-table">
            <caption>Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">External id</th>
                <th scope="col">Email</th>
                <th scope="col">Numbers</th>
                <th scope="col">Active</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.userId}>
                  <td>{user.name}</td>
                  <td>{user.externalId ?? '—'}</td>
                  <td>{user.email ?? '—'}</td>
                  <td>{[user.mobile, ...user.otherPhones].filter(Boolean).join(', ') || '—'}</td>
                  <td>{user.active ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
