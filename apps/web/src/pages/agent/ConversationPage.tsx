// One conversation (SPEC I3, I5, I6, S1–S4, P4, M5): its transcript, live; the reply box; what
// can be done with it; its timers and prompts; the requester's profile. Opening it reads it (as
// its assignee, the API clears the unread mark), and a requester message arriving while it is
// on screen is read too, in the browser at once and on the server by loading it again.
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { useSession } from '../../app/session';
import { useWorkspace } from '../../app/workspace';
import { identityConflictText, optedOutText, stateLabel } from '../../domain/conversation';
import { requesterLabel } from '../../domain/offers';
import { Empty, Page } from '../../ui/kit';
import { Composer } from './conversation/Composer';
import { Controls } from './conversation/Controls';
import { PromptsPanel } from './conversation/PromptsPanel';
import { TimersPanel } from './conversation/TimersPanel';
import { Transcript } from './conversation/Transcript';
import { errorMessage } from './hooks';
import { ProfilePanel } from './ProfilePanel';

/** Requester messages often come in bursts: one reload after the last of them. */
const RELOAD_DEBOUNCE_MS = 300;

export function ConversationPage({ interactionId }: { interactionId: string }) {
  // A fresh view per conversation: a draft reply never follows the agent to another one.
  return <ConversationView key={interactionId} interactionId={interactionId} />;
}

function ConversationView({ interactionId }: { interactionId: string }) {
  const { agent } = useSession();
  const { state, dispatch, load, onPush } = useWorkspace();
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    dispatch({ type: 'conversation.opened', interactionId });
    load(interactionId).catch(setLoadError);
    return () => dispatch({ type: 'conversation.shown', interactionId: null });
  }, [interactionId, dispatch, load]);

  useEffect(() => {
    let timer: number | undefined;
    const unsubscribe = onPush((event) => {
      if (event.type !== 'message.appended' || event.data.interactionId !== interactionId) return;
      if (event.data.message.author.kind !== 'requester') return;
      window.clearTimeout(timer);
      // A failed reload leaves what is on screen; the next message or a resync tries again.
      timer = window.setTimeout(() => void load(interactionId).catch(() => undefined), RELOAD_DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [interactionId, load, onPush]);

  const summary = state.conversations[interactionId] ?? state.ongoing[interactionId];
  const transcript = state.transcripts[interactionId];

  if (summary === undefined || transcript === undefined) {
    if (loadError === null)
      return (
        <Page title="Conversation">
          <p role="status">Loading…</p>
        </Page>
      );
    const notFound = loadError instanceof ApiError && loadError.code === 'INTERACTION_NOT_FOUND';
    return (
      <Page title="Conversation">
        <p className="form-errors" role="alert">
          {notFound
            ? 'This conversation does not exist, or it is not yours to open.'
            : `The conversation could not be loaded: ${errorMessage(loadError)}`}
        </p>
      </Page>
    );
  }

  const conflict = identityConflictText(summary);
  const optOut = state.optOuts[interactionId] ?? null;
  const optedOut = optedOutText(optOut);
  return (
    <Page
      title={`Conversation with ${requesterLabel(summary)}`}
      actions={
        <span
          className={`state state-${summary.state ?? 'unknown'}`}
          role="status"
          data-testid="conversation-state"
        >
          {stateLabel(summary.state)}
        </span>
      }
    >
      <p className="muted conversation-sub">To {summary.companyAddress ?? 'an unknown number'}</p>
      {conflict !== null && (
        <div className="identity-conflict" data-testid="identity-conflict" role="note">
          <strong>Who is texting is uncertain.</strong> {conflict}
        </div>
      )}
      {optedOut !== null && (
        <div className="opted-out" data-testid="opted-out" role="note">
          <strong>Opted out.</strong> {optedOut}
        </div>
      )}
      <div className="conversation">
        <div className="conversation-main">
          <PromptsPanel interactionId={interactionId} />
          {transcript.length === 0 ? (
            <Empty>No messages yet.</Empty>
          ) : (
            <Transcript messages={transcript} agentId={agent?.id ?? ''} interactionId={interactionId} />
          )}
          <Composer
            summary={summary}
            optedOut={optOut !== null}
            onOptedOut={() => void load(interactionId).catch(() => undefined)}
          />
        </div>
        <div className="conversation-side">
          <Controls summary={summary} />
          <TimersPanel interactionId={interactionId} state={summary.state} />
          <ProfilePanel conversation={summary} />
        </div>
      </div>
    </Page>
  );
}
