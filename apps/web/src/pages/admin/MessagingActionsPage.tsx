// SPEC M1–M7: what happens when one side of a conversation goes quiet. List, create, edit and
// delete messaging actions.
import { useCallback, useState } from 'react';
import { unwrap } from '../../api/client';
import type { MessagingAction } from '../../api/types';
import { useApi } from '../../app/session';
import { MESSAGING_ACTION_CONDITION_FIELDS } from '../../domain/condition-fields';
import {
  ACTION_CODE_FIELDS,
  type ActionDraft,
  actionDraft,
  actionFieldPaths,
  actionSettings,
  type DurationUnit,
  durationText,
  EFFECTS,
  effectText,
  EVENTS,
  FINAL_STATES,
  NEW_ACTION,
  UNIT_SECONDS,
} from '../../domain/messaging-action-form';
import { ConfirmButton, Empty, Field, FormErrors, Page, TableWrap } from '../../ui/kit';
import { messageOf, useLoaded, useSettingsForm } from './admin-data';
import { ConditionEditor } from './ConditionEditor';

type Editing = { kind: 'new' } | { kind: 'edit'; action: MessagingAction } | null;

export function MessagingActionsPage() {
  const api = useApi();
  const load = useCallback(async () => (await unwrap(api.GET('/admin/messaging-actions'))).actions, [api]);
  const { data, error, reload } = useLoaded(load);
  const [editing, setEditing] = useState<Editing>(null);
  const [status, setStatus] = useState('');
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const remove = async (action: MessagingAction) => {
    try {
      const deleted = await unwrap(
        api.DELETE('/admin/messaging-actions/{actionId}', { params: { path: { actionId: action.id } } }),
      );
      setDeleteError(null);
      setStatus(`Deleted ${action.name}; ${deleted.disarmedTimers} armed timers disarmed.`);
      if (editing?.kind === 'edit' && editing.action.id === action.id) setEditing(null);
      await reload();
    } catch (failure) {
      setDeleteError(messageOf(failure));
    }
  };

  return (
    <Page
      title="Messaging actions"
      actions={
        <button type="button" className="primary" onClick={() => setEditing({ kind: 'new' })}>
          New messaging action
        </button>
      }
    >
      <p role="status" className="muted">
        {status}
      </p>
      <FormErrors errors={[error, deleteError].filter((message): message is string => message !== null)} />
      {editing && (
        <ActionForm
          key={editing.kind === 'edit' ? editing.action.id : 'new'}
          action={editing.kind === 'edit' ? editing.action : null}
          onSaved={async (saved, created) => {
            setEditing(null);
            setStatus(`${created ? 'Created' : 'Saved'} ${saved.name}.`);
            await reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {data && data.length === 0 && <Empty>No messaging actions.</Empty>}
      {data && data.length > 0 && (
        <TableWrap label="Messaging actions">
          <table className="admin-table">
            <caption>Messaging actions</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Active</th>
                <th scope="col">When</th>
                <th scope="col">After</th>
                <th scope="col">Only for</th>
                <th scope="col">Does</th>
                <th scope="col">Armed timers</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.map((action) => (
                <tr key={action.id}>
                  <td>
                    {action.name}
                    {action.builtIn && <span className="muted"> (shipped)</span>}
                  </td>
                  <td>{action.active ? 'Yes' : 'No'}</td>
                  <td>{EVENTS.find((event) => event.value === action.event)?.label ?? action.event}</td>
                  <td>{durationText(action.durationSeconds)}</td>
                  <td>{action.conditionText ?? 'Every conversation'}</td>
                  <td>{effectText(action.action)}</td>
                  <td>{action.armedTimers}</td>
                  <td>
                    <div className="row">
                      <button
                        type="button"
                        aria-label={`Edit ${action.name}`}
                        onClick={() => setEditing({ kind: 'edit', action })}
                      >
                        Edit
                      </button>
                      <ConfirmButton
                        label="Delete"
                        question={`Delete ${action.name} and disarm its timers?`}
                        onConfirm={() => remove(action)}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Page>
  );
}

function ActionForm({
  action,
  onSaved,
  onCancel,
}: {
  action: MessagingAction | null;
  onSaved: (action: MessagingAction, created: boolean) => Promise<void>;
  onCancel: () => void;
}) {
  const api = useApi();
  const { draft, set, errors, error, busy, submit } = useSettingsForm({
    initial: (): ActionDraft => (action ? actionDraft(action) : NEW_ACTION),
    fieldPaths: actionFieldPaths,
    settings: actionSettings,
    save: (settings, id) =>
      action
        ? unwrap(
            api.PATCH('/admin/messaging-actions/{actionId}', {
              params: { path: { actionId: action.id } },
              body: settings,
            }),
          )
        : unwrap(api.POST('/admin/messaging-actions', { body: { id, ...settings } })),
    codeFields: ACTION_CODE_FIELDS,
    onSaved: (saved) => onSaved(saved, action === null),
  });

  const title = action ? `Edit ${action.name}` : 'New messaging action';
  const prompts = draft.kind === 'prompt_agent' || draft.kind === 'prompt_requester';
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
          <input {...props} type="text" value={draft.name} onChange={(e) => set({ name: e.target.value })} />
        )}
      </Field>
      <Field
        label="Active"
        error={error('active')}
        hint="An inactive action arms nothing, and its armed timers do nothing."
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
      <Field label="When" error={error('event')}>
        {(props) => (
          <select
            {...props}
            value={draft.event}
            onChange={(e) => set({ event: e.target.value as ActionDraft['event'] })}
          >
            {EVENTS.map((event) => (
              <option key={event.value} value={event.value}>
                {event.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="row">
        <Field
          label="For"
          error={error('durationSeconds')}
          hint="From the first unanswered message; at most 30 days."
        >
          {(props) => (
            <input
              {...props}
              type="text"
              inputMode="numeric"
              value={draft.duration}
              onChange={(e) => set({ duration: e.target.value })}
            />
          )}
        </Field>
        <Field label="Unit">
          {(props) => (
            <select
              {...props}
              value={draft.unit}
              onChange={(e) => set({ unit: e.target.value as DurationUnit })}
            >
              {Object.keys(UNIT_SECONDS).map((unit) => (
                <option key={unit} value={unit}>
                  {unit}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <ConditionEditor
        legend="Only for conversations where (checked at the deadline)"
        catalog={MESSAGING_ACTION_CONDITION_FIELDS}
        draft={draft.condition}
        onChange={(condition) => set({ condition })}
        errors={errors.byField}
      />
      <Field label="Then" error={error('action.kind') ?? error('action')}>
        {(props) => (
          <select
            {...props}
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as ActionDraft['kind'] })}
          >
            {EFFECTS.map((effect) => (
              <option key={effect.value} value={effect.value}>
                {effect.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {prompts && (
        <Field
          label={draft.kind === 'prompt_agent' ? 'Text shown to the agent' : 'SMS to the requester'}
          error={error('action.text')}
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={draft.text}
              onChange={(e) => set({ text: e.target.value })}
            />
          )}
        </Field>
      )}
      {draft.kind === 'set_state' && (
        <Field label="New state" error={error('action.state')}>
          {(props) => (
            <select
              {...props}
              value={draft.state}
              onChange={(e) => set({ state: e.target.value as ActionDraft['state'] })}
            >
              {FINAL_STATES.map((state) => (
                <option key={state.value} value={state.value}>
                  {state.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save messaging action'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
