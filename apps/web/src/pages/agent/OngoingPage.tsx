// SPEC I2–I4, I6: the agent's conversations, most recently active first, those with unread
// requester messages highlighted. It renders hundreds of rows at once, so rows are memoised
// on what they show and have no effects or timers of their own.
import { memo } from 'react';
import { Link } from 'wouter';
import type { ConversationSummary, TranscriptMessage } from '../../api/types';
import { useWorkspace } from '../../app/workspace';
import { ongoingRowView } from '../../domain/ongoing';
import { ongoingList } from '../../domain/workspace';
import { Empty, Page } from '../../ui/kit';

export function OngoingPage() {
  const { state } = useWorkspace();
  const rows = ongoingList(state);
  // One "today" for every row: whether a time needs its date does not change while one reads.
  const today = new Date().toDateString();
  return (
    <Page title="Ongoing">
      {rows.length === 0 ? (
        <Empty>No ongoing conversations. Accepted offers and conversations you start appear here.</Empty>
      ) : (
        <ul aria-label="Ongoing conversations" className="ongoing">
          {rows.map((summary) => (
            <OngoingRow
              key={summary.interactionId}
              summary={summary}
              transcript={state.transcripts[summary.interactionId]}
              today={today}
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
}: {
  summary: ConversationSummary;
  transcript: TranscriptMessage[] | undefined;
  today: string;
}) {
  const view = ongoingRowView(summary, transcript, today);
  return (
    <li
      className={view.unread > 0 ? 'ongoing-row highlight' : 'ongoing-row'}
      data-testid="ongoing-row"
      data-interaction-id={view.interactionId}
      data-unread={view.unread}
    >
      <Link href={`/conversations/${view.interactionId}`} className="ongoing-link">
        <span className="ongoing-who">{view.requester}</span>
        {view.unreadText !== null && <span className="badge badge-alert">{view.unreadText}</span>}
      </Link>
      <span className="ongoing-meta muted">
        to {view.company} · {view.state}
        {view.lastActivity !== null && <> · last active {view.lastActivity}</>}
      </span>
      {view.snippet !== null && <span className="ongoing-snippet">{view.snippet}</span>}
    </li>
  );
});
