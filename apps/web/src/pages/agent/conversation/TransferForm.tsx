// SPEC W10: hand the conversation to a queue or to one agent. Routing's overview (the queues
// by name) is for managers and admins only; an agent types the id they were given, and a
// manager whose overview failed does too, with the reason shown.
import { useEffect, useId, useState } from 'react';
import { ApiError, unwrap } from '../../../api/client';
import type { ConversationSummary } from '../../../api/types';
import { useSession } from '../../../app/session';
import { NOTE_MAX_LENGTH } from '../../../domain/conversation';
import { assignFieldErrors } from '../../../domain/field-errors';
import { Field, FormErrors } from '../../../ui/kit';
import { errorMessage, useAction } from '../hooks';

interface QueueChoice {
  id: string;
  name: string;
  active: boolean;
}

export function TransferForm({
  summary,
  allowed,
  staff,
  onChanged,
}: {
  summary: ConversationSummary;
  allowed: boolean;
  staff: boolean;
  onChanged: (next: ConversationSummary) => void;
}) {
  const { api } = useSession();
  const radioName = useId();
  const [target, setTarget] = useState<'queue' | 'agent'>('queue');
  const [targetId, setTargetId] = useState('');
  const [note, setNote] = useState('');
  const [queues, setQueues] = useState<QueueChoice[] | null>(null);
  const [queuesProblem, setQueuesProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!staff) return;
    let current = true;
    unwrap(api.GET('/routing/overview'))
      .then((overview) => {
        if (current) setQueues(overview.queues.map(({ id, name, active }) => ({ id, name, active })));
      })
      .catch((error: unknown) => {
        if (current) setQueuesProblem(`Queues could not be listed: ${errorMessage(error)}`);
      });
    return () => {
      current = false;
    };
  }, [api, staff]);

  const transfer = useAction(async () => {
    const trimmed = note.trim();
    const to = target === 'queue' ? { queueId: targetId.trim() } : { agentId: targetId.trim() };
    onChanged(
      await unwrap(
        api.POST('/interactions/{id}/transfer', {
          params: { path: { id: summary.interactionId } },
          body: trimmed === '' ? to : { ...to, note: trimmed },
        }),
      ),
    );
    setNote('');
    setTargetId('');
  });
  const problems = transfer.error instanceof ApiError ? transfer.error.fieldProblems : [];
  const errors = assignFieldErrors(problems, ['queueId', 'agentId', 'note']);
  const general =
    transfer.error === null ? [] : problems.length > 0 ? errors.general : [errorMessage(transfer.error)];
  const targetError = target === 'queue' ? errors.byField.queueId : errors.byField.agentId;

  return (
    <form
      className="transfer-form"
      onSubmit={(event) => {
        event.preventDefault();
        void transfer.run();
      }}
    >
      <fieldset disabled={!allowed || transfer.busy}>
        <legend>Transfer</legend>
        <FormErrors errors={general} />
        <div className="row" role="radiogroup" aria-label="Transfer to">
          <label>
            <input
              type="radio"
              name={radioName}
              checked={target === 'queue'}
              onChange={() => {
                setTarget('queue');
                setTargetId('');
              }}
            />{' '}
            A queue
          </label>
          <label>
            <input
              type="radio"
              name={radioName}
              checked={target === 'agent'}
              onChange={() => {
                setTarget('agent');
                setTargetId('');
              }}
            />{' '}
            An agent
          </label>
        </div>
        {target === 'queue' && queues !== null ? (
          <Field label="Queue" error={targetError}>
            {(control) => (
              <select {...control} value={targetId} onChange={(event) => setTargetId(event.target.value)}>
                <option value="">Choose a queue</option>
                {queues.map((queue) => (
                  <option key={queue.id} value={queue.id} disabled={!queue.active}>
                    {queue.active ? queue.name : `${queue.name} (switched off)`}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <Field
            label={target === 'queue' ? 'Queue id' : 'Agent id'}
            error={targetError}
            hint={
              target === 'queue'
                ? (queuesProblem ?? 'The id of the queue, as your manager gave it.')
                : 'The id of the agent.'
            }
          >
            {(control) => (
              <input
                {...control}
                value={targetId}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setTargetId(event.target.value)}
              />
            )}
          </Field>
        )}
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
        <button type="submit" disabled={!allowed || transfer.busy || targetId.trim() === ''}>
          Transfer
        </button>
      </fieldset>
    </form>
  );
}
