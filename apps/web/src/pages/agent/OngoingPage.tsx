// SPEC I2–I4, I6: the agent's conversations, most recently active first, those with unread
// requester messages highlighted. It renders hundreds of rows at once, so rows are memoised
// on what they show and have no effects, timers or router hooks of their own: each row's link is
// a plain anchor, and one handler on the list follows them inside the app.
import { memo, type MouseEvent } from 'react';
import { useLocation, useRouter } from 'wouter';
import type { ConversationSummary, TranscriptMessage } from '../../api/types';
import { useWorkspace } from '../../app/workspace';
import { appPathOfClick, ongoingRowView } from '../../domain/ongoing';
import { ongoingList } from '../../domain/workspace';
import { Empty, Page } from '../../ui/kit';

export function OngoingPage() {
  const { state } = useWorkspace();
  const { base } = useRouter();
  const [, navigate] = useLocation();
  const rows = ongoingList(state);

  function follow(event: MouseEvent<HTMLUListElement>) {
    const anchor = event.target instanceof Element ? event.target.closest('a') : null;
    const path = anchor === null ? null : appPathOfClick(anchor.getAttribute('href'), base, event);
    if (path === null) return;
    event.preventDefault();
    navigate(path);
  }

  // One "today" for every row: whether a time needs its date does not change while one reads.
  const today = new Date().toDateString();
  return (
    <Page title="Ongoing">
      {rows.length === 0 ? (
        <Empty>No ongoing conversations. Accepted offers and conversations you start appear here.</Empty>
      ) : (
        // A click on a row's link bubbles here (keyboard Enter on a link clicks it too).
        <ul aria-label="Ongoing conversations" className="ongoing" onClick={follow}>
          {rows.map((summary) => (
            <OngoingRow
              key={summary.interactionId}
              summary={summary}
              transcript={state.transcripts[summary.interactionId]}
              today={today}
              base={base}
            />
          ))}
        </ul>
      )}
    </Page>
  );
}

const OngoingRow = memo(function OngoingRow({
  summary,
  transcript,
  today,
  base,
}: {
  summary: ConversationSummary;
  transcript: TranscriptMessage[] | undefined;
  today: string;
  base: string;
}) {
  const view = ongoingRowView(summary, transcript, today);
  return (
    <li
      className={view.unread > 0 ? 'ongoing-row highlight' : 'ongoing-row'}
      data-testid="ongoing-row"
      data-interaction-id={view.interactionId}
      data-unread={view.unread}
    >
      <a href={`${base}/conversations/${view.interactionId}`} className="ongoing-link">
        <span className="ongoing-who">{view.requester}</span>
        {view.unreadText !== null && <span className="badge badge-alert">{view.unreadText}</span>}
      </a>
      <span className="ongoing-meta muted">
        to {view.company} · {view.state}
        {view.lastActivity !== null && <> · last active {view.lastActivity}</>}
      </span>
      {view.snippet !== null && <span className="ongoing-snippet">{view.snippet}</span>}
    </li>
  );
});
