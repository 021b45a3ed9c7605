// The transcript: who wrote each line (in words and by style), the notes only agents see, and
// what became of each SMS sent (live, from the workspace's pushes).
import { memo } from 'react';
import type { TranscriptMessage } from '../../../api/types';
import {
  authorLabel,
  deliveryStatusText,
  isDeliveryProblem,
  transcriptDays,
} from '../../../domain/conversation';
import { formatInstant } from '../../../domain/time';
import { MessageMedia } from './MessageMedia';

export function Transcript({
  messages,
  agentId,
  interactionId,
}: {
  messages: TranscriptMessage[];
  agentId: string;
  interactionId: string;
}) {
  const now = new Date();
  return (
    <ol aria-label="Transcript" className="transcript">
      {transcriptDays(messages).map((day) => [
        <li key={`day-${day.key}`} className="transcript-day" aria-hidden="true">
          {new Date(day.messages[0]?.occurredAt ?? day.key).toLocaleDateString([], { dateStyle: 'medium' })}
        </li>,
        ...day.messages.map((message) => (
          <Message
            key={message.messageId}
            message={message}
            agentId={agentId}
            interactionId={interactionId}
            now={now}
          />
        )),
      ])}
    </ol>
  );
}

const Message = memo(function Message({
  message,
  agentId,
  interactionId,
  now,
}: {
  message: TranscriptMessage;
  agentId: string;
  interactionId: string;
  now: Date;
}) {
  const kind = message.author.kind;
  const internal = message.visibility === 'agents_only';
  return (
    <li
      className={`message message-${kind}${internal ? ' message-internal' : ''}`}
      data-testid="message"
      data-message-id={message.messageId}
      data-author={kind}
      data-visibility={message.visibility}
    >
      <div className="message-head">
        <strong>{authorLabel(message, agentId)}</strong>
        <time dateTime={message.occurredAt} className="muted">
          {formatInstant(message.occurredAt, now)}
        </time>
        {internal && <span className="tag">Only agents see this</span>}
      </div>
      <p className="message-body">{message.body}</p>
      <MessageMedia interactionId={interactionId} media={message.media ?? []} />
      {message.deliveryStatus !== null && (
        <span
          className={isDeliveryProblem(message.deliveryStatus) ? 'delivery delivery-problem' : 'delivery'}
          data-testid="delivery-status"
          data-status={message.deliveryStatus}
          role="status"
        >
          {deliveryStatusText(message.deliveryStatus, message.errorCode, message.failureReason)}
        </span>
      )}
    </li>
  );
});
