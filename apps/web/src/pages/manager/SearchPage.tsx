// Search (SPEC I4, docs/supervision-and-search.md): closed conversations by number, user, date
// and words, the matching words highlighted, and the chosen one's whole transcript.
import { useEffect, useState } from 'react';
import { ApiError, unwrap } from '../../api/client';
import type { CompanyNumber, DirectoryUser, InteractionDetail, SearchHit } from '../../api/types';
import { useSession } from '../../app/session';
import type { FieldErrors } from '../../domain/field-errors';
import {
  EMPTY_SEARCH,
  type SearchForm,
  authorOf,
  hitRow,
  searchErrors,
  searchProblems,
  searchQuery,
} from '../../domain/search';
import { formatInstant } from '../../domain/time';
import { Empty, Field, FormErrors, Page } from '../../ui/kit';
import { UserPicker } from '../agent/UserPicker';

const NO_ERRORS: FieldErrors = { byField: {}, general: [] };

function asErrors(failure: unknown): FieldErrors {
  return failure instanceof ApiError
    ? searchErrors(failure)
    : { byField: {}, general: ['The search failed'] };
}

export function SearchPage() {
  const { api } = useSession();
  const [form, setForm] = useState<SearchForm>(EMPTY_SEARCH);
  const [user, setUser] = useState<DirectoryUser | null>(null);
  const [numbers, setNumbers] = useState<CompanyNumber[]>([]);
  const [searched, setSearched] = useState<SearchForm | null>(null);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/me/company-numbers'))
      .then((answer) => live && setNumbers(answer.items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);

  const update = (change: Partial<SearchForm>) => setForm((current) => ({ ...current, ...change }));

  async function run(given: SearchForm, cursor: string | null) {
    const problems = searchProblems(given);
    if (Object.keys(problems.byField).length > 0) {
      setErrors(problems);
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const page = await unwrap(
        api.GET('/interactions/search', { params: { query: searchQuery(given, cursor) } }),
      );
      setSearched(given);
      setHits((shown) => (cursor && shown ? [...shown, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (failure) {
      setErrors(asErrors(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Search">
      <form
        className="search-form card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setOpenId(null);
          void run(form, null);
        }}
      >
        <FormErrors errors={errors} />
        <div className="search-grid">
          <Field label="Words" error={errors.byField.q} hint={'Whole words; "a phrase", or, -not'}>
            {(control) => (
              <input
                {...control}
                type="search"
                value={form.q}
                onChange={(event) => update({ q: event.target.value })}
              />
            )}
          </Field>
          <Field label="Requester number" error={errors.byField.requester}>
            {(control) => (
              <input
                {...control}
                type="tel"
                value={form.requester}
                onChange={(event) => update({ requester: event.target.value })}
              />
            )}
          </Field>
          <Field label="Company number" error={errors.byField.companyNumber}>
            {(control) => (
              <select
                {...control}
                value={form.companyNumber}
                onChange={(event) => update({ companyNumber: event.target.value })}
              >
                <option value="">Any</option>
                {numbers.map((number) => (
                  <option key={number.address} value={number.address}>
                    {number.label} {number.address}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Opened from" error={errors.byField.from}>
            {(control) => (
              <input
                {...control}
                type="date"
                value={form.from}
                onChange={(event) => update({ from: event.target.value })}
              />
            )}
          </Field>
          <Field label="Opened until" error={errors.byField.to}>
            {(control) => (
              <input
                {...control}
                type="date"
                value={form.to}
                onChange={(event) => update({ to: event.target.value })}
              />
            )}
          </Field>
        </div>
        <UserPicker
          label="Directory user"
          picked={user}
          error={errors.byField.userId}
          onPick={(picked) => {
            setUser(picked);
            update({ userId: picked?.userId ?? null });
          }}
        />
        <div className="row">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.includeOpen}
              onChange={(event) => update({ includeOpen: event.target.checked })}
            />{' '}
            Include open conversations
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Searching…' : 'Search'}
          </button>
        </div>
      </form>
      <div className="search-layout">
        <Results
          hits={hits}
          openId={openId}
          onOpen={setOpenId}
          more={nextCursor && searched ? () => void run(searched, nextCursor) : null}
          busy={busy}
        />
        {openId && <TranscriptView key={openId} interactionId={openId} />}
      </div>
    </Page>
  );
}

function Results({
  hits,
  openId,
  onOpen,
  more,
  busy,
}: {
  hits: SearchHit[] | null;
  openId: string | null;
  onOpen: (id: string) => void;
  more: (() => void) | null;
  busy: boolean;
}) {
  if (hits === null) return null;
  return (
    <section className="search-results" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      <p role="status" className="muted">
        {hits.length === 0 ? 'Nothing found' : `${hits.length} shown${more ? ', more available' : ''}`}
      </p>
      {hits.length === 0 ? (
        <Empty>No conversation matches.</Empty>
      ) : (
        <ul className="hits">
          {hits.map(hitRow).map((row) => (
            <li key={row.interactionId} className={row.interactionId === openId ? 'hit hit-open' : 'hit'}>
              <button
                type="button"
                className="hit-open-button"
                aria-pressed={row.interactionId === openId}
                onClick={() => onOpen(row.interactionId)}
              >
                {row.requester} → {row.company}
              </button>
              <div className="muted">
                {row.state}
                {row.openedAt && ` · opened ${formatInstant(row.openedAt)}`}
                {row.closedAt && ` · closed ${formatInstant(row.closedAt)}`}
              </div>
              {row.snippet.length > 0 && (
                <p className="snippet">
                  {row.snippet.map((part, index) =>
                    part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
                  )}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {more && (
        <button type="button" onClick={more} disabled={busy}>
          More results
        </button>
      )}
    </section>
  );
}

/** The whole transcript of one conversation, closed ones included (GET /interactions/{id}). */
function TranscriptView({ interactionId }: { interactionId: string }) {
  const { api, agent } = useSession();
  const [detail, setDetail] = useState<InteractionDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/interactions/{id}', { params: { path: { id: interactionId } } }))
      .then((answer) => live && setDetail(answer))
      .catch((failure: unknown) => {
        if (live) setProblem(failure instanceof ApiError ? failure.message : 'Could not open it');
      });
    return () => {
      live = false;
    };
  }, [api, interactionId]);

  return (
    <section className="transcript-view card" aria-labelledby="transcript-title">
      <h2 id="transcript-title">
        Transcript{detail?.interaction.requesterAddress ? ` with ${detail.interaction.requesterAddress}` : ''}
      </h2>
      <FormErrors errors={problem ? [problem] : null} />
      {!detail && !problem && <p role="status">Loading…</p>}
      {detail && detail.messages.length === 0 && <Empty>No messages.</Empty>}
      {detail && detail.messages.length > 0 && (
        <ol className="transcript-list">
          {detail.messages.map((message) => (
            <li key={message.messageId} className={`message message-${message.direction}`}>
              <div className="muted">
                {authorOf(message, agent?.id ?? '')} · {formatInstant(message.occurredAt)}
                {message.visibility === 'agents_only' && ' · note for agents'}
              </div>
              <p>{message.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
