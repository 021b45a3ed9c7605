// SPEC S5: a message's images, inline. They need the bearer token, which an <img src> cannot
// send, so each is fetched through the API client and shown from an object URL.
import { useEffect, useState } from 'react';
import { unwrap } from '../../../api/client';
import type { TranscriptMessage } from '../../../api/types';
import { useSession } from '../../../app/session';
import { refusedMediaText } from '../../../domain/media';

type Medium = TranscriptMessage['media'][number];

export function MessageMedia({ interactionId, media }: { interactionId: string; media: Medium[] }) {
  if (media.length === 0) return null;
  return (
    <div className="message-media">
      {media.map((medium, index) =>
        medium.status === 'stored' && medium.mediaId ? (
          <InlineImage key={medium.mediaId} interactionId={interactionId} mediaId={medium.mediaId} />
        ) : (
          <p key={`refused-${index}`} className="media-refused muted" data-testid="media-refused">
            {refusedMediaText(medium.reason)}
          </p>
        ),
      )}
    </div>
  );
}

function InlineImage({ interactionId, mediaId }: { interactionId: string; mediaId: string }) {
  const { api } = useSession();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    unwrap(
      api.GET('/interactions/{id}/media/{mediaId}', {
        params: { path: { id: interactionId, mediaId } },
        parseAs: 'blob',
      }),
    ).then(
      (blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, interactionId, mediaId]);
  if (failed) return <p className="muted">The image could not be loaded</p>;
  if (!url) return <span className="muted">Loading image…</span>;
  return (
    <img className="message-image" src={url} alt="Image sent with the message" data-testid="message-image" />
  );
}
