// SPEC W2, W5, W7: the queues in routing order with their backlog; create, edit and reorder them.
import { useCallback, useState } from 'react';
import { unwrap } from '../../api/client';
import type { AgentAccount, PresenceState, Queue, RoutingOverview } from '../../api/types';
import { useApi } from '../../app/session';
import { movedOrder, scheduleText } from '../../domain/queue-form';
import { Empty, FormErrors, Page, TableWrap } from '../../ui/kit';
import { messageOf, useLoaded } from './admin-data';
import { QueueForm } from './QueueForm';

interface QueuesData {
  queues: Queue[];
  overview: RoutingOverview | null;
  agents: AgentAccount[];
  presenceStates: PresenceState[];
}

type Editing = { kind: 'new' } | { kind: 'edit'; queue: Queue } | null;

export function QueuesPage() {
  const api = useApi();
  const load = useCallback(async (): Promise<QueuesData> => {
    const [queues, overview, agents, presence] = await Promise.all([
      unwrap(api.GET('/admin/queues')),
      // The backlog is a nicety: the queues are still listed when the overview fails.
      unwrap(api.GET('/routing/overview')).catch(() => null),
      unwrap(api.GET('/admin/agents')),
      unwrap(api.GET('/admin/presence-states')),
    ]);
    return { queues: queues.queues, overview, agents: agents.agents, presenceStates: presence.states };
  }, [api]);
  const { data, error, reload } = useLoaded(load);
  const [editing, setEditing] = useState<Editing>(null);
  const [status, setStatus] = useState('');
  const [moveError, setMoveError] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);

  const move = async (queue: Queue, by: -1 | 1) => {
    if (!data) return;
    const order = movedOrder(data.queues, queue.id, by);
    if (!order) return;
    setMoving(true);
    try {
      await unwrap(api.PUT('/admin/queues/order', { body: { queueIds: order } }));
      setMoveError(null);
      setStatus(`Moved ${queue.name} ${by < 0 ? 'up' : 'down'}.`);
      await reload();
    } catch (failure) {
      setMoveError(messageOf(failure));
    } finally {
      setMoving(false);
    }
  };

  const saved = async (queue: Queue, created: boolean) => {
    setEditing(null);
    setStatus(`${created ? 'Created' : 'Saved'} ${queue.name}.`);
    await reload();
  };

  return (
    <Page
      title="Queues"
      actions={
        <button type="button" className="primary" onClick={() => setEditing({ kind: 'new' })}>
          New queue
        </button>
      }
    >
      <p role="status" className="muted">
        {status}
      </p>
      <FormErrors errors={[error, moveError].filter((message): message is string => message !== null)} />
      {editing && data && (
        <QueueForm
          key={editing.kind === 'edit' ? editing.queue.id : 'new'}
          queue={editing.kind === 'edit' ? editing.queue : null}
          agents={data.agents}
          presenceStates={data.presenceStates}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}
      {data && (
        <QueueTable
          data={data}
          moving={moving}
          onEdit={(queue) => setEditing({ kind: 'edit', queue })}
          onMove={move}
        />
      )}
    </Page>
  );
}

function QueueTable({
  data,
  moving,
  onEdit,
  onMove,
}: {
  data: QueuesData;
  moving: boolean;
  onEdit: (queue: Queue) => void;
  onMove: (queue: Queue, by: -1 | 1) => Promise<void>;
}) {
  if (data.queues.length === 0) return <Empty>No queues yet.</Empty>;
  const names = new Map(data.agents.map((agent) => [agent.id, agent.displayName]));
  const depth = new Map(data.overview?.queues.map((queue) => [queue.id, queue]) ?? []);
  return (
    <TableWrap label="Queues">
      <table className="admin-table">
        <caption>Queues</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Name</th>
            <th scope="col">Active</th>
            <th scope="col">Takes</th>
            <th scope="col">Open</th>
            <th scope="col">Members</th>
            <th scope="col">Waiting</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {data.queues.map((queue, index) => {
            const backlog = depth.get(queue.id);
            const order = movedOrder(data.queues, queue.id, -1);
            const down = movedOrder(data.queues, queue.id, 1);
            return (
              <tr key={queue.id}>
                <td>
                  {index + 1}
                  {queue.fallback && <span className="muted"> (fallback: last)</span>}
                </td>
                <td>{queue.name}</td>
                <td>{queue.active ? 'Yes' : 'No'}</td>
                <td>{queue.conditionText ?? 'Every conversation'}</td>
                <td>{scheduleText(queue.schedule)}</td>
                <td>{queue.members.map((id) => names.get(id) ?? id).join(', ') || '—'}</td>
                <td>
                  {backlog
                    ? `${backlog.waiting} waiting, ${backlog.offered} offered, ${backlog.assigned} assigned`
                    : '—'}
                </td>
                <td>
                  <div className="row">
                    <button type="button" onClick={() => onEdit(queue)} aria-label={`Edit ${queue.name}`}>
                      Edit
                    </button>
                    {!queue.fallback && (
                      <>
                        <button
                          type="button"
                          disabled={moving || order === null}
                          onClick={() => void onMove(queue, -1)}
                          aria-label={`Move ${queue.name} up`}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          disabled={moving || down === null}
                          onClick={() => void onMove(queue, 1)}
                          aria-label={`Move ${queue.name} down`}
                        >
                          ↓
                        </button>
                      </>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
