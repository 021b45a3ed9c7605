// One queue's every setting; the API's errors beside the field their path names.
import { unwrap } from '../../api/client';
import type { AgentAccount, PresenceState, Queue, Weekday } from '../../api/types';
import { useApi } from '../../app/session';
import { ROUTING_CONDITION_FIELDS } from '../../domain/condition-fields';
import {
  ASSIGNMENT_RULES,
  NEW_WINDOW,
  newQueueDraft,
  QUEUE_CODE_FIELDS,
  type QueueDraft,
  queueChanges,
  queueDraft,
  queueFieldPaths,
  queueSettings,
  WEEKDAYS,
  type WindowDraft,
} from '../../domain/queue-form';
import { Field, FormErrors } from '../../ui/kit';
import { useSettingsForm } from './admin-data';
import { ConditionEditor } from './ConditionEditor';

const LOCAL_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

interface Props {
  queue: Queue | null;
  agents: AgentAccount[];
  presenceStates: PresenceState[];
  onSaved: (queue: Queue, created: boolean) => Promise<void>;
  onCancel: () => void;
}

export function QueueForm({ queue, agents, presenceStates, onSaved, onCancel }: Props) {
  const api = useApi();
  const { draft, set, errors, error, busy, submit } = useSettingsForm({
    initial: (): QueueDraft => (queue ? queueDraft(queue, LOCAL_TIME_ZONE) : newQueueDraft(LOCAL_TIME_ZONE)),
    fieldPaths: queueFieldPaths,
    settings: queueSettings,
    save: (settings, id) =>
      queue
        ? unwrap(
            api.PATCH('/admin/queues/{queueId}', {
              params: { path: { queueId: queue.id } },
              body: queueChanges(queue, settings),
            }),
          )
        : unwrap(api.POST('/admin/queues', { body: { id, ...settings } })),
    codeFields: QUEUE_CODE_FIELDS,
    onSaved: (saved) => onSaved(saved, queue === null),
  });

  const title = queue ? `Edit ${queue.name}` : 'New queue';
  return (
    <form
      className="card admin-form stack"
      onSubmit={(event) => void submit(event)}
      aria-label={title}
      noValidate
    >
      <h2>{title}</h2>
      <FormErrors errors={errors} />
      <Field label="Name" error={error('name')}>
        {(props) => (
          <input
            {...props}
            type="text"
            required
            value={draft.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        )}
      </Field>
      <Field
        label="Active"
        error={error('active')}
        hint="An inactive queue takes no new work; what waits in it stays."
      >
        {(props) => (
          <input
            {...props}
            type="checkbox"
            checked={draft.active}
            onChange={(e) => set({ active: e.target.checked })}
          />
        )}
      </Field>
      <ConditionEditor
        legend="Which conversations it takes"
        catalog={ROUTING_CONDITION_FIELDS}
        draft={draft.condition}
        onChange={(condition) => set({ condition })}
        errors={errors.byField}
      />
      <ScheduleEditor draft={draft} set={set} error={error} />
      <Field label="Assignment rule" error={error('assignmentRule')}>
        {(props) => (
          <select
            {...props}
            value={draft.assignmentRule}
            onChange={(e) => set({ assignmentRule: e.target.value as QueueDraft['assignmentRule'] })}
          >
            {ASSIGNMENT_RULES.map((rule) => (
              <option key={rule.value} value={rule.value}>
                {rule.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Assign at once, without an offer" error={error('autoAssign')}>
        {(props) => (
          <input
            {...props}
            type="checkbox"
            checked={draft.autoAssign}
            onChange={(e) => set({ autoAssign: e.target.checked })}
          />
        )}
      </Field>
      <Field
        label="Offer timeout (seconds)"
        error={error('offerTimeoutSeconds')}
        hint="Blank: routing’s default."
      >
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="numeric"
            value={draft.offerTimeoutSeconds}
            onChange={(e) => set({ offerTimeoutSeconds: e.target.value })}
          />
        )}
      </Field>
      <Field label="Presence after a lapsed offer" error={error('offerTimeoutPresence')}>
        {(props) => (
          <select
            {...props}
            value={draft.offerTimeoutPresence}
            onChange={(e) => set({ offerTimeoutPresence: e.target.value })}
          >
            <option value="">Routing’s default</option>
            {presenceStates.map((state) => (
              <option key={state.name} value={state.name}>
                {state.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Members" error={error('members')} hint="Hold Ctrl (⌘ on a Mac) to choose several.">
        {(props) => (
          <select
            {...props}
            multiple
            size={Math.min(8, Math.max(3, agents.length))}
            value={draft.members}
            onChange={(e) => set({ members: Array.from(e.target.selectedOptions, (option) => option.value) })}
          >
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.displayName} ({agent.username}){agent.active ? '' : ', inactive'}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save queue'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ScheduleEditor({
  draft,
  set,
  error,
}: {
  draft: QueueDraft;
  set: (change: Partial<QueueDraft>) => void;
  error: (path: string) => string | undefined;
}) {
  const setWindow = (index: number, window: WindowDraft) =>
    set({ windows: draft.windows.map((old, at) => (at === index ? window : old)) });
  return (
    <fieldset className="schedule-editor">
      <legend>When it is open</legend>
      <Field label="Open only on a weekly schedule" error={error('schedule')}>
        {(props) => (
          <input
            {...props}
            type="checkbox"
            checked={draft.scheduled}
            onChange={(e) => set({ scheduled: e.target.checked })}
          />
        )}
      </Field>
      {draft.scheduled && (
        <>
          <Field
            label="Time zone"
            error={error('schedule.timeZone')}
            hint="An IANA time zone, e.g. Europe/Paris."
          >
            {(props) => (
              <input
                {...props}
                type="text"
                value={draft.timeZone}
                onChange={(e) => set({ timeZone: e.target.value })}
              />
            )}
          </Field>
          {error('schedule.windows') && (
            <div className="field-error" role="alert">
              {error('schedule.windows')}
            </div>
          )}
          {draft.windows.map((window, index) => (
            <fieldset key={index} className="schedule-window">
              <legend>Window {index + 1}</legend>
              <fieldset className="weekdays">
                <legend>Days</legend>
                {WEEKDAYS.map((day) => (
                  <label key={day} className="inline">
                    <input
                      type="checkbox"
                      checked={window.days.includes(day)}
                      onChange={(e) =>
                        setWindow(index, { ...window, days: toggled(window.days, day, e.target.checked) })
                      }
                    />
                    {day}
                  </label>
                ))}
                {error(`schedule.windows[${index}].days`) && (
                  <div className="field-error" role="alert">
                    {error(`schedule.windows[${index}].days`)}
                  </div>
                )}
              </fieldset>
              <div className="row">
                <Field label="From" error={error(`schedule.windows[${index}].from`)}>
                  {(props) => (
                    <input
                      {...props}
                      type="time"
                      value={window.from}
                      onChange={(e) => setWindow(index, { ...window, from: e.target.value })}
                    />
                  )}
                </Field>
                <Field label="To" error={error(`schedule.windows[${index}].to`)}>
                  {(props) => (
                    <input
                      {...props}
                      type="time"
                      value={window.to}
                      onChange={(e) => setWindow(index, { ...window, to: e.target.value })}
                    />
                  )}
                </Field>
              </div>
              <button
                type="button"
                className="link"
                onClick={() => set({ windows: draft.windows.filter((_window, at) => at !== index) })}
              >
                Remove window {index + 1}
              </button>
            </fieldset>
          ))}
          <button type="button" onClick={() => set({ windows: [...draft.windows, NEW_WINDOW] })}>
            Add a window
          </button>
        </>
      )}
    </fieldset>
  );
}

function toggled(days: Weekday[], day: Weekday, on: boolean): Weekday[] {
  return on ? [...days.filter((other) => other !== day), day] : days.filter((other) => other !== day);
}
