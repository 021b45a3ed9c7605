// SPEC W1, W3: how much work agents hold at once (per channel, and each agent's own), and the
// presence states that say who receives work.
import { type FormEvent, useCallback, useState } from 'react';
import { unwrap } from '../../api/client';
import type { AgentAccount, PresenceState, RoutingOverview, ServiceChannel } from '../../api/types';
import { useApi } from '../../app/session';
import { optionalWhole, wholeNumber } from '../../domain/admin-forms';
import { assignFieldErrors, type FieldErrors, type FieldProblem } from '../../domain/field-errors';
import { Field, FormErrors, Page, TableWrap } from '../../ui/kit';
import { errorsOf, NO_ERRORS, useLoaded } from './admin-data';

interface CapacityData {
  channels: ServiceChannel[];
  agents: AgentAccount[];
  overview: RoutingOverview | null;
  states: PresenceState[];
}

export function CapacityPage() {
  const api = useApi();
  const load = useCallback(async (): Promise<CapacityData> => {
    const [channels, agents, overview, states] = await Promise.all([
      unwrap(api.GET('/admin/channels')),
      unwrap(api.GET('/admin/agents')),
      unwrap(api.GET('/routing/overview')).catch(() => null),
      unwrap(api.GET('/admin/presence-states')),
    ]);
    return { channels: channels.channels, agents: agents.agents, overview, states: states.states };
  }, [api]);
  const { data, error, reload } = useLoaded(load);
  const [status, setStatus] = useState('');
  const done = async (message: string) => {
    setStatus(message);
    await reload();
  };
  return (
    <Page title="Capacity and presence">
      <p role="status" className="muted">
        {status}
      </p>
      <FormErrors errors={error ? [error] : []} />
      {data && (
        <>
          <section aria-labelledby="channels-heading" className="stack">
            <h2 id="channels-heading">Service channels</h2>
            {data.channels.map((channel) => (
              <ChannelForm key={channel.name} channel={channel} onSaved={done} />
            ))}
          </section>
          <AgentCapacities data={data} onSaved={done} />
          <PresenceStates states={data.states} onSaved={done} />
        </>
      )}
    </Page>
  );
}

/** Runs a save: problems the form finds first, then the API's, beside their fields. */
function useSave(fields: readonly string[]) {
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const run = async (problems: FieldProblem[], save: () => Promise<void>) => {
    if (problems.length > 0) {
      setErrors(assignFieldErrors(problems, fields));
      return;
    }
    setBusy(true);
    try {
      await save();
      setErrors(NO_ERRORS);
    } catch (failure) {
      setErrors(errorsOf(failure, fields));
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, run };
}

function ChannelForm({
  channel,
  onSaved,
}: {
  channel: ServiceChannel;
  onSaved: (message: string) => Promise<void>;
}) {
  const api = useApi();
  const [capacity, setCapacity] = useState(String(channel.defaultCapacity));
  const [size, setSize] = useState(String(channel.itemSize));
  const { errors, busy, run } = useSave(['defaultCapacity', 'itemSize']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsedCapacity = wholeNumber(capacity);
    const parsedSize = wholeNumber(size);
    const problems: FieldProblem[] = [];
    if (!parsedCapacity.ok) problems.push({ path: 'defaultCapacity', message: parsedCapacity.message });
    if (!parsedSize.ok) problems.push({ path: 'itemSize', message: parsedSize.message });
    void run(problems, async () => {
      if (!parsedCapacity.ok || !parsedSize.ok) return;
      await unwrap(
        api.PATCH('/admin/channels/{name}', {
          params: { path: { name: channel.name } },
          body: { defaultCapacity: parsedCapacity.value, itemSize: parsedSize.value },
        }),
      );
      await onSaved(`Saved the ${channel.name} channel.`);
    });
  };
  return (
    <form
      className="card admin-form row"
      onSubmit={submit}
      aria-label={`The ${channel.name} channel`}
      noValidate
    >
      <strong>{channel.name.toUpperCase()}</strong>
      <FormErrors errors={errors} />
      <Field
        label="Default capacity"
        error={errors.byField.defaultCapacity}
        hint="For agents without their own."
      >
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="numeric"
            value={capacity}
            onChange={(e) => setCapacity(e.target.value)}
          />
        )}
      </Field>
      <Field label="Size of one conversation" error={errors.byField.itemSize}>
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="numeric"
            value={size}
            onChange={(e) => setSize(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={busy}>
        Save channel
      </button>
    </form>
  );
}

function AgentCapacities({
  data,
  onSaved,
}: {
  data: CapacityData;
  onSaved: (message: string) => Promise<void>;
}) {
  const live = new Map(data.overview?.agents.map((agent) => [agent.agentId, agent]) ?? []);
  return (
    <section aria-labelledby="agents-heading" className="stack">
      <h2 id="agents-heading">Agents’ own capacities</h2>
      <p className="muted">
        Saving replaces an agent’s own capacities. Blank SMS capacity: the channel default; blank universal
        capacity: no cap across channels.
      </p>
      <ul className="plain-list stack">
        {data.agents.map((agent) => {
          const now = live.get(agent.id);
          return (
            <li key={agent.id} className="card">
              <AgentCapacityForm
                agent={agent}
                current={
                  now ? `holds ${now.load} of ${now.capacity} (${now.presence})` : 'not seen by routing yet'
                }
                onSaved={onSaved}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function AgentCapacityForm({
  agent,
  current,
  onSaved,
}: {
  agent: AgentAccount;
  current: string;
  onSaved: (message: string) => Promise<void>;
}) {
  const api = useApi();
  const [sms, setSms] = useState('');
  const [universal, setUniversal] = useState('');
  const { errors, busy, run } = useSave(['channels.sms', 'universalCapacity']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsedSms = optionalWhole(sms);
    const parsedUniversal = optionalWhole(universal);
    const problems: FieldProblem[] = [];
    if (!parsedSms.ok) problems.push({ path: 'channels.sms', message: parsedSms.message });
    if (!parsedUniversal.ok) problems.push({ path: 'universalCapacity', message: parsedUniversal.message });
    void run(problems, async () => {
      if (!parsedSms.ok || !parsedUniversal.ok) return;
      await unwrap(
        api.PUT('/admin/agents/{agentId}/capacity', {
          params: { path: { agentId: agent.id } },
          body: {
            universalCapacity: parsedUniversal.value,
            channels: parsedSms.value === null ? {} : { sms: parsedSms.value },
          },
        }),
      );
      await onSaved(`Saved ${agent.displayName}’s capacity.`);
    });
  };
  return (
    <form
      className="admin-form row"
      onSubmit={submit}
      aria-label={`${agent.displayName}’s capacity`}
      noValidate
    >
      <div>
        <strong>{agent.displayName}</strong>{' '}
        <span className="muted">
          ({agent.role}, {current})
        </span>
      </div>
      <FormErrors errors={errors} />
      <Field label={`SMS capacity of ${agent.displayName}`} error={errors.byField['channels.sms']}>
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="numeric"
            value={sms}
            onChange={(e) => setSms(e.target.value)}
          />
        )}
      </Field>
      <Field label={`Universal capacity of ${agent.displayName}`} error={errors.byField.universalCapacity}>
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="numeric"
            value={universal}
            onChange={(e) => setUniversal(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={busy}>
        Save capacity
      </button>
    </form>
  );
}

function PresenceStates({
  states,
  onSaved,
}: {
  states: PresenceState[];
  onSaved: (message: string) => Promise<void>;
}) {
  return (
    <section aria-labelledby="presence-heading" className="stack">
      <h2 id="presence-heading">Presence states</h2>
      <TableWrap label="Presence states">
        <table className="admin-table">
          <caption>Presence states</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Receives work</th>
              <th scope="col">Channels</th>
              <th scope="col">Built in</th>
            </tr>
          </thead>
          <tbody>
            {states.map((state) => (
              <tr key={state.name}>
                <td>{state.name}</td>
                <td>{state.receivesWork ? 'Yes' : 'No'}</td>
                <td>{state.channels === null ? 'every channel' : state.channels.join(', ')}</td>
                <td>{state.builtIn ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <PresenceStateForm onSaved={onSaved} />
    </section>
  );
}

function PresenceStateForm({ onSaved }: { onSaved: (message: string) => Promise<void> }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [receivesWork, setReceivesWork] = useState(false);
  const [smsOnly, setSmsOnly] = useState(false);
  const { errors, busy, run } = useSave(['name', 'receivesWork', 'channels']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = name.trim() === '' ? [{ path: 'name', message: 'enter a name' }] : [];
    void run(problems, async () => {
      await unwrap(
        api.PUT('/admin/presence-states/{name}', {
          params: { path: { name: name.trim() } },
          body: { receivesWork, channels: smsOnly ? ['sms'] : null },
        }),
      );
      await onSaved(`Saved the presence state ${name.trim()}.`);
      setName('');
    });
  };
  return (
    <form
      className="card admin-form stack"
      onSubmit={submit}
      aria-labelledby="presence-form-heading"
      noValidate
    >
      <h3 id="presence-form-heading">Add or change a presence state</h3>
      <FormErrors errors={errors} />
      <Field
        label="State name"
        error={errors.byField.name}
        hint="Lowercase letters, digits and _; an existing name changes that state."
      >
        {(props) => <input {...props} type="text" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Receives work" error={errors.byField.receivesWork}>
        {(props) => (
          <input
            {...props}
            type="checkbox"
            checked={receivesWork}
            onChange={(e) => setReceivesWork(e.target.checked)}
          />
        )}
      </Field>
      <Field label="On SMS only (else every channel)" error={errors.byField.channels}>
        {(props) => (
          <input
            {...props}
            type="checkbox"
            checked={smsOnly}
            onChange={(e) => setSmsOnly(e.target.checked)}
          />
        )}
      </Field>
      <div className="row">
        <button type="submit" disabled={busy}>
          Save presence state
        </button>
      </div>
    </form>
  );
}
