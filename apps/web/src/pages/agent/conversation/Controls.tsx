// What the agent can do with the conversation (docs/lifecycle.md): hold and resume, end it
// (asked first, SPEC I5) with an outcome and a note, finish the wrap-up, transfer it to a
// queue or an agent. Each shows the API's refusal beside it.
import { useState } from 'react';
import { ApiError, unwrap } from '../../../api/client';
import type { ConversationSummary } from '../../../api/types';
import { useSession } from '../../../app/session';
import { useWorkspace } from '../../../app/workspace';
import { conversationActions, NOTE_MAX_LENGTH } from '../../../domain/conversation';
import { assignFieldErrors } from '../../../domain/field-errors';
import { ConfirmButton, Field, FormErrors } from '../../../ui/kit';
import { errorMessage, useAction } from '../hooks';
import { TransferForm } from './TransferForm';

export function Controls({ summary }: { summary: ConversationSummary }) {
  const { api, agent } = useSession();
  const { dispatch } = useWorkspace();
  const staff = agent?.role === 'manager' || agent?.role === 'admin';
  const allowed = conversationActions(summary, agent?.id ?? '', staff);
  const path = { params: { path: { id: summary.interactionId } } };
  const changed = (next: ConversationSummary) => dispatch({ type: 'conversation.changed', summary: next });

  const hold = useAction(async () => changed(await unwrap(api.POST('/interactions/{id}/hold', path))));
  const resume = useAction(async () => changed(await unwrap(api.POST('/interactions/{id}/resume', path))));
  const wrapUp = useAction(async () => changed(await unwrap(api.POST('/interactions/{id}/wrap-up', path))));

  return (
    <section className="card controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Actions</h2>
      <div className="row">
        <button type="button" disabled={!allowed.hold || hold.busy} onClick={() => void hold.run()}>
          Hold
        </button>
        <button type="button" disabled={!allowed.resume || resume.busy} onClick={() => void resume.run()}>
          Resume
        </button>
        {allowed.wrapUp && (
          <button type="button" className="primary" disabled={wrapUp.busy} onClick={() => void wrapUp.run()}>
            Finish wrap-up
          </button>
        )}
      </div>
      <ActionError error={hold.error ?? resume.error ?? wrapUp.error} />
      <EndForm summary={summary} allowed={allowed.end} onChanged={changed} />
      <TransferForm summary={summary} allowed={allowed.transfer} staff={staff} onChanged={changed} />
    </section>
  );
}

export function ActionError({ error }: { error: unknown }) {
  if (error === null) return null;
  return (
    <p className="field-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

function EndForm({
  summary,
  allowed,
  onChanged,
}: {
  summary: ConversationSummary;
  allowed: boolean;
  onChanged: (next: ConversationSummary) => void;
}) {
  const { api } = useSession();
  const [outcome, setOutcome] = useState<'complete' | 'abandoned'>('complete');
  const [note, setNote] = useState('');
  const end = useAction(async () => {
    const trimmed = note.trim();
    onChanged(
      await unwrap(
        api.POST('/interactions/{id}/end', {
          params: { path: { id: summary.interactionId } },
          body: trimmed === '' ? { outcome } : { outcome, note: trimmed },
        }),
      ),
    );
    setNote('');
  });
  const problems = end.error instanceof ApiError ? end.error.fieldProblems : [];
  const errors = assignFieldErrors(problems, ['outcome', 'note']);
  const general = end.error === null ? [] : problems.length > 0 ? errors.general : [errorMessage(end.error)];

  return (
    <fieldset className="end-form" disabled={!allowed || end.busy}>
      <legend>End the conversation</legend>
      <FormErrors errors={general} />
      <Field label="Outcome" error={errors.byField.outcome}>
        {(control) => (
          <select
            {...control}
            value={outcome}
            onChange={(event) => setOutcome(event.target.value === 'abandoned' ? 'abandoned' : 'complete')}
          >
            <option value="complete">Complete</option>
            <option value="abandoned">Abandoned</option>
          </select>
        )}
      </Field>
      <Field label="Note (optional, for agents only)" error={errors.byField.note}>
        {(control) => (
          <textarea
            {...control}
            className="short"
            value={note}
            maxLength={NOTE_MAX_LENGTH}
            onChange={(event) => setNote(event.target.value)}
          />
        )}
      </Field>
      <ConfirmButton
        label="End"
        question="End this conversation?"
        confirmLabel="End conversation"
        className="danger"
        disabled={!allowed || end.busy}
        onConfirm={async () => {
          await end.run();
        }}
      />
    </fieldset>
  );
}
