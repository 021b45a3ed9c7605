// The reply box (SPEC S4): the segment count as the agent types, what the API would refuse
// refused here first, and one send per reply however often Send is pressed.
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type Api, ApiError, unwrap } from '../../../api/client';
import type { ConversationSummary } from '../../../api/types';
import { useSession } from '../../../app/session';
import { useWorkspace } from '../../../app/workspace';
import { isSendShortcut, REPLY_MAX_LENGTH, replyProblem, segmentLine } from '../../../domain/composer';
import { assignFieldErrors } from '../../../domain/field-errors';
import { ATTACHMENT_TYPES, attachmentProblem, uploadErrorText } from '../../../domain/media';
import { randomUuid } from '../../../domain/uuid';
import { Field, FormErrors } from '../../../ui/kit';
import { errorMessage, useAction, useMaxSegments } from '../hooks';

/** SPEC S2: what an agent reads when the requester opted out after the conversation was loaded. */
const OPTED_OUT_REFUSAL =
  'Not sent: the requester has opted out of messages from this number. Nothing can be sent until they opt back in (START).';

export function Composer({
  summary,
  optedOut = false,
  onOptedOut,
}: {
  summary: ConversationSummary;
  /** SPEC S2: the requester opted out, as the conversation was last loaded. */
  optedOut?: boolean;
  /** The API refused a reply because the requester opted out: the conversation is loaded again. */
  onOptedOut?: () => void;
}) {
  const { api, agent } = useSession();
  const { dispatch } = useWorkspace();
  const agentId = agent?.id ?? '';
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  // SPEC S5: one image attached to the reply, with a preview until it is sent or removed.
  const [image, setImage] = useState<File | null>(null);
  const [imageProblem, setImageProblem] = useState<string | null>(null);
  const preview = useMemo(() => (image ? URL.createObjectURL(image) : null), [image]);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);
  // The idempotency key of the reply being sent: kept across retries of the same text.
  const pendingId = useRef<string | null>(null);
  const maxSegments = useMaxSegments(api);
  const context = { state: summary.state, assigneeId: summary.assigneeId, agentId, maxSegments, optedOut };
  const blocked = replyProblem('x', context);

  const send = useAction(async (body: string) => {
    const clientMessageId = (pendingId.current ??= randomUuid());
    const mediaIds = image ? [await uploadImage(api, image)] : undefined;
    const sent = await unwrap(
      api.POST('/interactions/{id}/messages', {
        params: { path: { id: summary.interactionId } },
        body: { body, clientMessageId, ...(mediaIds ? { mediaIds } : {}) },
      }),
    ).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'RECIPIENT_OPTED_OUT') onOptedOut?.();
      throw error;
    });
    dispatch({
      type: 'message.sent',
      interactionId: summary.interactionId,
      message: {
        messageId: sent.messageId,
        direction: 'outbound',
        author: { kind: 'agent', id: agentId },
        body,
        occurredAt: new Date().toISOString(),
        gatewaySequence: null,
        deliveryStatus: sent.deliveryStatus,
        errorCode: null,
        failureReason: null,
        visibility: 'requester_visible',
        // The pushed message.appended brings the image with its URL.
        media: [],
      },
    });
    pendingId.current = null;
    setText('');
    setImage(null);
  });

  function attach(file: File | undefined) {
    if (!file) return;
    const problem = attachmentProblem(file);
    setImageProblem(problem);
    setImage(problem === null ? file : null);
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (send.busy) return;
    const problem = image !== null && text.trim() === '' ? null : replyProblem(text, context);
    setRefusal(problem);
    if (problem === null) void send.run(text);
  }

  const apiError = send.error instanceof ApiError ? send.error : null;
  const errors = assignFieldErrors(apiError?.fieldProblems ?? [], ['body']);
  const general =
    send.error === null
      ? []
      : apiError !== null && apiError.fieldProblems.length > 0
        ? errors.general
        : apiError?.code === 'RECIPIENT_OPTED_OUT'
          ? [OPTED_OUT_REFUSAL]
          : [errorMessage(send.error)];
  const tooLong = text.length > REPLY_MAX_LENGTH ? replyProblem(text, context) : null;

  return (
    <form className="composer" onSubmit={submit}>
      {blocked !== null && <p className="muted">{blocked}</p>}
      <FormErrors errors={general} />
      <Field
        label="Reply"
        error={refusal ?? tooLong ?? errors.byField.body}
        hint={
          <>
            <span data-testid="segment-count">{segmentLine(text)}</span>
            <span className="char-count">
              {text.length}/{REPLY_MAX_LENGTH} characters
            </span>
          </>
        }
      >
        {(control) => (
          <textarea
            {...control}
            value={text}
            disabled={blocked !== null}
            onChange={(event) => {
              setText(event.target.value);
              setRefusal(null);
              // Another text is another message: it gets its own key.
              pendingId.current = null;
            }}
            onKeyDown={(event) => {
              if (!isSendShortcut(event)) return;
              event.preventDefault();
              submit();
            }}
          />
        )}
      </Field>
      {imageProblem !== null && (
        <p className="field-error" role="alert">
          {imageProblem}
        </p>
      )}
      {preview !== null && (
        <div className="attachment-preview" data-testid="attachment-preview">
          <img src={preview} alt="The image to send" />
          <button type="button" onClick={() => setImage(null)} disabled={send.busy}>
            Remove image
          </button>
        </div>
      )}
      <div className="row">
        <label className="button attach-button">
          Attach image
          <input
            type="file"
            accept={ATTACHMENT_TYPES.join(',')}
            hidden
            disabled={blocked !== null || send.busy}
            onChange={(event) => {
              attach(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
        </label>
        <button
          type="submit"
          className="primary"
          disabled={send.busy || blocked !== null}
          aria-busy={send.busy}
        >
          Send
        </button>
        <span className="muted">Ctrl+Enter sends</span>
      </div>
    </form>
  );
}

/** SPEC S5: uploads the attached image (raw, with its type) and answers its media id. */
async function uploadImage(api: Api, file: File): Promise<string> {
  try {
    const uploaded = await unwrap(
      api.POST('/media', {
        body: file as unknown as string,
        bodySerializer: (raw: unknown) => raw as Blob,
        headers: { 'content-type': file.type },
      }),
    );
    return uploaded.mediaId;
  } catch (error) {
    if (error instanceof ApiError) {
      throw new ApiError(error.status, error.code, uploadErrorText(error.code, error.message));
    }
    throw error;
  }
}
