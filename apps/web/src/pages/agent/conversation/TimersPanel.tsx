// SPEC M1–M5: the messaging actions' timers armed on this conversation, each counting down to
// its deadline, and on request the ones that fired or were cancelled. They change as messages
// come and go, so a push about this conversation refreshes them.
import { useEffect, useId, useState } from 'react';
import { unwrap } from '../../../api/client';
import type { InteractionTimer } from '../../../api/types';
import { useSession } from '../../../app/session';
import { useWorkspace } from '../../../app/workspace';
import { timerDescription } from '../../../domain/conversation';
import { formatCountdown, formatInstant } from '../../../domain/time';
import { Empty } from '../../../ui/kit';
import { errorMessage, useNow } from '../hooks';

const REFRESH_DELAY_MS = 500;

export function TimersPanel({ interactionId }: { interactionId: string }) {
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

  // Timers arm and disarm in the timer service a moment after the message that moves them.
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
