// Supervision (SPEC I5, docs/supervision-and-search.md): every agent's ongoing work, what waits,
// the queues and the agents, refreshed every 10 s; a manager opens, ends or transfers any of it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, unwrap } from '../../api/client';
import type { RoutingOverview, SupervisedConversation } from '../../api/types';
import { useSession } from '../../app/session';
import {
  type ConversationRow,
  type TransferTarget,
  agentRow,
  appendPage,
  ongoingRow,
  queueRow,
  sortAgents,
  transferRequest,
  transferTargets,
  waitingRow,
} from '../../domain/supervision';
import { formatInstant } from '../../domain/time';
import { ConfirmButton, Empty, FormErrors, Page, TableWrap } from '../../ui/kit';

const REFRESH_MS = 10_000;

interface Paged {
  items: SupervisedConversation[];
  nextCursor: string | null;
}

function message(failure: unknown): string {
  return failure instanceof ApiError ? failure.message : 'The request failed';
}

export function SupervisionPage() {
  const { api, agent } = useSession();
  const meId = agent?.id ?? '';
  const [ongoing, setOngoing] = useState<Paged | null>(null);
  const [waiting, setWaiting] = useState<Paged | null>(null);
  const [overview, setOverview] = useState<RoutingOverview | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [loading, setLoading] = useState(false);
  const live = useRef(true);

  // Sets state only once answered (in the promise's callback): it also runs from the mounting
  // effect and the timer.
  const refresh = useCallback(
    () =>
      Promise.allSettled([
        unwrap(api.GET('/supervision/ongoing', { params: { query: {} } })),
        unwrap(api.GET('/supervision/waiting', { params: { query: {} } })),
        unwrap(api.GET('/routing/overview')),
      ]).then(([ongoingPage, waitingPage, routing]) => {
        if (!live.current) return;
        const problems: string[] = [];
        if (ongoingPage.status === 'fulfilled') setOngoing(ongoingPage.value);
        else problems.push(`Ongoing work: ${message(ongoingPage.reason)}`);
        if (waitingPage.status === 'fulfilled') setWaiting(waitingPage.value);
        else problems.push(`Waiting: ${message(waitingPage.reason)}`);
        if (routing.status === 'fulfilled') setOverview(routing.value);
        else problems.push(`Queues: ${message(routing.reason)}`);
        setErrors(problems);
        setUpdatedAt(new Date().toISOString());
        setLoading(false);
      }),
    [api],
  );

  useEffect(() => {
    live.current = true;
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      live.current = false;
      clearInterval(timer);
    };
  }, [refresh]);

  async function more(list: 'ongoing' | 'waiting') {
    const shown = list === 'ongoing' ? ongoing : waiting;
    if (!shown?.nextCursor) return;
    try {
      const cursor = shown.nextCursor;
      const page =
        list === 'ongoing'
          ? await unwrap(api.GET('/supervision/ongoing', { params: { query: { cursor } } }))
          : await unwrap(api.GET('/supervision/waiting', { params: { query: { cursor } } }));
      const next = { items: appendPage(shown.items, page.items), nextCursor: page.nextCursor };
      if (list === 'ongoing') setOngoing(next);
      else setWaiting(next);
    } catch (failure) {
      setErrors([message(failure)]);
    }
  }

  const targets = transferTargets(overview, meId);
  const done = (text: string) => {
    setNotice(text);
    void refresh();
  };

  return (
    <Page
      title="Supervision"
      actions={
        <div className="row">
          <span className="muted" role="status">
            {loading ? 'Refreshing…' : updatedAt ? `Updated ${formatInstant(updatedAt)}` : ''}
          </span>
          <button
            type="button"
            disabled={loading}
            onClick={() => {
              setLoading(true);
              void refresh();
            }}
          >
            Refresh
          </button>
        </div>
      }
    >
      <FormErrors errors={errors} />
      <p className="supervision-notice" role="status">
        {notice}
      </p>
      <ConversationTable
        caption="Ongoing work"
        rows={ongoing?.items.map((item) => ongoingRow(item, meId)) ?? null}
        agentHeading="Agent"
        waitHeading="Requester waiting"
        empty="Nobody is working on a conversation."
        targets={targets}
        onDone={done}
      />
      {ongoing?.nextCursor && (
        <button type="button" onClick={() => void more('ongoing')}>
          More ongoing work
        </button>
      )}
      <ConversationTable
        caption="Waiting"
        rows={waiting?.items.map((item) => waitingRow(item, meId)) ?? null}
        agentHeading="Offered to"
        waitHeading="Waited"
        empty="No conversation is waiting."
        targets={targets}
        onDone={done}
      />
      {waiting?.nextCursor && (
        <button type="button" onClick={() => void more('waiting')}>
          More waiting
        </button>
      )}
      <RoutingTables overview={overview} meId={meId} at={updatedAt} />
    </Page>
  );
}

function ConversationTable({
  caption,
  rows,
  agentHeading,
  waitHeading,
  empty,
  targets,
  onDone,
}: {
  caption: string;
  rows: ConversationRow[] | null;
  agentHeading: string;
  waitHeading: string;
  empty: string;
  targets: TransferTarget[];
  onDone: (notice: string) => void;
}) {
  return (
    <TableWrap label={caption} className="supervision-table">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Requester</th>
            <th scope="col">State</th>
            <th scope="col">{agentHeading}</th>
            <th scope="col">Queue</th>
            <th scope="col">{waitHeading}</th>
            <th scope="col">First message</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows === null && (
            <tr>
              <td colSpan={7}>Loading…</td>
            </tr>
          )}
          {rows?.length === 0 && (
            <tr>
              <td colSpan={7}>
                <Empty>{empty}</Empty>
              </td>
            </tr>
          )}
          {rows?.map((row) => (
            <tr key={row.interactionId}>
              <th scope="row">
                {row.requester}
                <div className="muted">to {row.company}</div>
              </th>
              <td>{row.state}</td>
              <td>{row.agent}</td>
              <td>{row.queue}</td>
              <td>{row.waited}</td>
              <td className="first-message">{row.firstMessage}</td>
              <td>
                <ConversationActions row={row} targets={targets} onDone={onDone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function ConversationActions({
  row,
  targets,
  onDone,
}: {
  row: ConversationRow;
  targets: TransferTarget[];
  onDone: (notice: string) => void;
}) {
  const { api } = useSession();
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = row.interactionId;

  async function act(run: () => Promise<unknown>, notice: string) {
    setBusy(true);
    setProblem(null);
    try {
      await run();
      onDone(notice);
    } catch (failure) {
      setProblem(message(failure));
    } finally {
      setBusy(false);
    }
  }

  const transfer = transferRequest(target);
  return (
    <div className="conversation-actions">
      <Link href={`/conversations/${id}`}>Open</Link>
      <ConfirmButton
        label="End"
        question={`End the conversation with ${row.requester}?`}
        confirmLabel="End it"
        disabled={busy}
        onConfirm={() =>
          act(
            () =>
              unwrap(
                api.POST('/interactions/{id}/end', {
                  params: { path: { id } },
                  body: { outcome: 'complete' },
                }),
              ),
            `Ended the conversation with ${row.requester}.`,
          )
        }
      />
      <span className="row">
        <select
          aria-label={`Transfer the conversation with ${row.requester} to`}
          value={target}
          onChange={(event) => setTarget(event.target.value)}
        >
          <option value="">Transfer to…</option>
          {targets.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={busy || transfer === null}
          onClick={() =>
            transfer &&
            void act(
              () =>
                unwrap(api.POST('/interactions/{id}/transfer', { params: { path: { id } }, body: transfer })),
              `Transferred the conversation with ${row.requester}.`,
            )
          }
        >
          Transfer
        </button>
      </span>
      {problem && (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}

function RoutingTables({
  overview,
  meId,
  at,
}: {
  overview: RoutingOverview | null;
  meId: string;
  /** When the overview was read: "last seen" is counted to then. */
  at: string | null;
}) {
  const now = at === null ? 0 : new Date(at).getTime();
  const queues = overview?.queues.map(queueRow) ?? [];
  const agents = overview
    ? sortAgents(overview.agents).map((agent) => agentRow(agent, overview.queues, meId, now))
    : [];
  return (
    <>
      <TableWrap label="Queues" className="supervision-table">
        <table>
          <caption>Queues</caption>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Status</th>
              <th scope="col">Waiting</th>
              <th scope="col">Offered</th>
              <th scope="col">Assigned</th>
              <th scope="col">Oldest waiting</th>
              <th scope="col">Agents available</th>
            </tr>
          </thead>
          <tbody>
            {queues.length === 0 && (
              <tr>
                <td colSpan={7}>
                  <Empty>{overview ? 'No queues.' : 'Loading…'}</Empty>
                </td>
              </tr>
            )}
            {queues.map((queue) => (
              <tr key={queue.id}>
                <th scope="row">{queue.name}</th>
                <td>{queue.status}</td>
                <td>{queue.waiting}</td>
                <td>{queue.offered}</td>
                <td>{queue.assigned}</td>
                <td>{queue.oldest}</td>
                <td>{queue.available}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <TableWrap label="Agents" className="supervision-table">
        <table>
          <caption>Agents</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Presence</th>
              <th scope="col">Load</th>
              <th scope="col">Last seen</th>
              <th scope="col">Queues</th>
            </tr>
          </thead>
          <tbody>
            {agents.length === 0 && (
              <tr>
                <td colSpan={5}>
                  <Empty>{overview ? 'No agent is known to routing yet.' : 'Loading…'}</Empty>
                </td>
              </tr>
            )}
            {agents.map((agent) => (
              <tr key={agent.agentId}>
                <th scope="row">{agent.agent}</th>
                <td>{agent.presence}</td>
                <td>{agent.load}</td>
                <td>{agent.lastSeen}</td>
                <td>{agent.queues}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
