// SPEC M1–M5: the messaging actions' timers armed on this conversation, each counting down to
// its deadline, and on request the ones that fired or were cancelled. They change as messages
// come and go, so a push about this conversation refreshes them.
import { useEffect, useId, useRef, useState } from 'react';
import { unwrap } from '../../../api/client';
import type { ConversationState, InteractionTimer } from '../../../api/types';
import { useSession } from '../../../app/session';
import { useWorkspace } from '../../../app/workspace';
import { timerDescription } from '../../../domain/conversation';
import { formatCountdown, formatInstant } from '../../../domain/time';
import { Empty } from '../../../ui/kit';
import { errorMessage, useNow } from '../hooks';

const REFRESH_DELAY_MS = 500;

export function TimersPanel({
  interactionId,
  state,
}: {
  interactionId: string;
  /** The conversation's state: a change (ending it, say) arms or disarms timers. */
  state: ConversationState | null;
}) {
  const { api } = useSession();
  const { onPush } = useWorkspace();
  const historyId = useId();
  const [history, setHistory] = useState(false);
  const [timers, setTimers] = useState<InteractionTimer[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const now = useNow(1000);

  // Bumped by a push about this conversation: the timers are fetched again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    unwrap(
      api.GET('/interactions/{id}/timers', {
        params: { path: { id: interactionId }, query: history ? { history: 'true' } : {} },
      }),
    )
      .then((answer) => {
        if (!current) return;
        setTimers(answer.timers);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (current) setProblem(`Timers could not be loaded: ${errorMessage(error)}`);
      });
    return () => {
      current = false;
    };
  }, [api, interactionId, history, version]);

  // Timers arm and disarm in the timer service a moment after what moves them: a change of
  // state (the agent's own commands push nothing back), a message, or a deadline passing.
  const firstState = useRef(state);
  useEffect(() => {
    if (state === firstState.current) return;
    firstState.current = state;
    const timer = window.setTimeout(() => setVersion((n) => n + 1), REFRESH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [state]);

  const nextDue = (timers ?? [])
    .filter((timer) => timer.state === 'armed')
    .reduce((soonest, timer) => Math.min(soonest, Date.parse(timer.dueAt)), Infinity);
  useEffect(() => {
    if (!Number.isFinite(nextDue)) return;
    const timer = window.setTimeout(
      () => setVersion((n) => n + 1),
      Math.min(Math.max(0, nextDue - Date.now()) + 2 * REFRESH_DELAY_MS, 2 ** 31 - 1),
    );
    return () => window.clearTimeout(timer);
  }, [nextDue]);

  useEffect(() => {
    let timer: number | undefined;
    const unsubscribe = onPush((event) => {
      const about =
        event.type === 'message.appended' ||
        event.type === 'prompt.created' ||
        event.type === 'interaction.updated'
          ? event.data.interactionId
          : null;
      if (about !== interactionId) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setVersion((n) => n + 1), REFRESH_DELAY_MS);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [onPush, interactionId]);

  return (
    <section className="card timers" aria-labelledby="timers-title">
      <div className="row spread">
        <h2 id="timers-title">Timers</h2>
        <label htmlFor={historyId} className="row">
          <input
            id={historyId}
            type="checkbox"
            checked={history}
            onChange={(event) => setHistory(event.target.checked)}
          />
          History
        </label>
      </div>
      {problem !== null && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <ul aria-label="Timers" className="timer-list">
        {(timers ?? []).map((timer) => (
          <li key={timer.timerId} className={`timer timer-${timer.state}`}>
            <span>{timerDescription(timer)}</span>
            <span className="muted">
              {timer.state === 'armed'
                ? `fires in ${formatCountdown(Date.parse(timer.dueAt), now)}`
                : timer.state === 'fired'
                  ? `fired ${formatInstant(timer.firedAt ?? timer.dueAt)}`
                  : `cancelled ${formatInstant(timer.disarmedAt ?? timer.dueAt)}`}
            </span>
          </li>
        ))}
      </ul>
      {timers !== null && timers.length === 0 && (
        <Empty>{history ? 'No timers, armed or past.' : 'No timer is armed.'}</Empty>
      )}
    </section>
  );
}
