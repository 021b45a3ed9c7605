// SPEC I1: the offers made to the agent, live from the workspace, each with who texts which
// number, what they wrote, how long they have waited and how long the offer still stands.
import { useState } from 'react';
import { useLocation } from 'wouter';
import { unwrap } from '../../api/client';
import type { InboxOffer } from '../../api/types';
import { useSession } from '../../app/session';
import { useWorkspace } from '../../app/workspace';
import { offerTiming, requesterLabel } from '../../domain/offers';
import { formatCountdown, formatDuration } from '../../domain/time';
import { Empty, Page } from '../../ui/kit';
import { errorMessage, useAction, useNow } from './hooks';

/** RejectOfferRequestDto.reason's maxLength in services/agent-gateway/openapi.json. */
const REJECT_REASON_MAX_LENGTH = 500;

export function InboxPage() {
  const { state } = useWorkspace();
  const now = useNow(1000);
  // Kept here, not on the offer: a refused offer usually leaves the list a moment later.
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Page title="Inbox">
      {problem !== null && (
        <div className="form-errors" role="alert">
          <p>{problem}</p>
          <button type="button" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </div>
      )}
      {state.offers.length === 0 ? (
        <Empty>No offers right now. New conversations for you appear here as they arrive.</Empty>
      ) : (
        <ul aria-label="Offers" className="offers">
          {state.offers.map((offer) => (
            <OfferItem key={offer.workItemId} offer={offer} now={now} onProblem={setProblem} />
          ))}
        </ul>
      )}
    </Page>
  );
}

function OfferItem({
  offer,
  now,
  onProblem,
}: {
  offer: InboxOffer;
  now: number;
  onProblem: (problem: string | null) => void;
}) {
  const { api } = useSession();
  const { dispatch } = useWorkspace();
  const [, navigate] = useLocation();
  const [reason, setReason] = useState('');
  const timing = offerTiming(offer, now);
  const who = requesterLabel(offer);
  const path = { params: { path: { workItemId: offer.workItemId } } };

  const refused = (verb: string) => (error: unknown) =>
    onProblem(`Could not ${verb} the offer from ${who}: ${errorMessage(error)}`);
  const accept = useAction(async () => {
    onProblem(null);
    await unwrap(api.POST('/offers/{workItemId}/accept', path));
    dispatch({ type: 'offer.taken', workItemId: offer.workItemId });
    navigate(`/conversations/${offer.interactionId}`);
  }, refused('accept'));
  const reject = useAction(async () => {
    onProblem(null);
    const trimmed = reason.trim();
    await unwrap(
      api.POST('/offers/{workItemId}/reject', {
        ...path,
        body: trimmed === '' ? {} : { reason: trimmed },
      }),
    );
    dispatch({ type: 'offer.taken', workItemId: offer.workItemId });
  }, refused('reject'));
  const busy = accept.busy || reject.busy;

  return (
    <li
      className="card offer"
      data-testid="offer"
      data-work-item-id={offer.workItemId}
      data-interaction-id={offer.interactionId}
    >
      <dl className="facts">
        <div>
          <dt>Requester</dt>
          <dd>{who}</dd>
        </div>
        <div>
          <dt>Company number</dt>
          <dd>{offer.companyAddress ?? 'Unknown'}</dd>
        </div>
        <div>
          <dt>Waiting</dt>
          <dd>{formatDuration(timing.waitingMs)}</dd>
        </div>
        <div>
          <dt>Offer ends in</dt>
          <dd className={timing.remainingMs < 10_000 ? 'urgent' : undefined}>
            {timing.expired ? 'Expired' : formatCountdown(Date.parse(offer.expiresAt), now)}
          </dd>
        </div>
      </dl>
      <blockquote className="first-message">
        {offer.firstMessage ?? <span className="muted">No message yet</span>}
      </blockquote>
      <div className="row">
        <button
          type="button"
          className="primary"
          aria-label={`Accept the offer from ${who}`}
          disabled={busy}
          onClick={() => void accept.run()}
        >
          Accept
        </button>
        <button
          type="button"
          aria-label={`Reject the offer from ${who}`}
          disabled={busy}
          onClick={() => void reject.run()}
        >
          Reject
        </button>
      </div>
      <details className="reject-reason">
        <summary>Add a reason for rejecting</summary>
        <label>
          <span className="visually-hidden">Reason for rejecting the offer from {who} (optional)</span>
          <input
            value={reason}
            maxLength={REJECT_REASON_MAX_LENGTH}
            placeholder="Optional, kept with the rejection"
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
      </details>
    </li>
  );
}
