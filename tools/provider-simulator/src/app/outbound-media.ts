import { type Logger } from 'pino';
import { type SimMessage } from '../domain/message';
import { newMediaSid } from '../domain/sid';
import { type SimulatorState } from './simulator-state';

/** Twilio's limit for an outbound MMS. */
const MAX_MEDIA_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

/**
 * Fetches an outbound message's MediaUrls as Twilio does before sending an MMS, and keeps the
 * images so the phone shows them. A URL that does not answer 200 (a forged or expired signed
 * URL, say) is kept as a failed fetch with its reason.
 */
export async function fetchOutboundMedia(
  message: SimMessage,
  state: SimulatorState,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  if (message.mediaUrls.length === 0) return;
  message.media = await Promise.all(
    message.mediaUrls.map(async (url) => {
      const sid = newMediaSid();
      try {
        const response = await fetch(url, {
          signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
        });
        const bytes = Buffer.from(await response.arrayBuffer());
        const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
        const error = !response.ok
          ? `HTTP ${response.status}`
          : bytes.length > MAX_MEDIA_BYTES
            ? `larger than ${MAX_MEDIA_BYTES} bytes`
            : null;
        const medium = { sid, contentType, bytes: error ? null : bytes, error };
        state.addMedia(medium);
        return medium;
      } catch (cause) {
        const medium = { sid, contentType: 'application/octet-stream', bytes: null, error: String(cause) };
        state.addMedia(medium);
        return medium;
      }
    }),
  );
  for (const medium of message.media.filter((m) => m.error !== null)) {
    logger.warn({ messageSid: message.sid, error: medium.error }, 'outbound media could not be fetched');
  }
}
