import { MediaTooLargeError, readLimited } from '@threadline/platform';
import { type FetchedMedia, MediaFetchError, type MediaFetchLimits } from './sms-provider';
import { describeFailure } from './provider-http';

/**
 * Reads one medium of an inbound MMS from a provider's URL, with the headers that provider wants
 * (Twilio: basic auth; Telnyx: none), stopping at `limits.maxBytes`. A redirect to a storage host
 * is followed; fetch drops the credentials when it crosses origins.
 */
export async function fetchMediaFrom(
  fetcher: typeof fetch,
  url: string,
  headers: Record<string, string>,
  limits: MediaFetchLimits,
): Promise<FetchedMedia> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetcher(url, { headers, signal });
  } catch (error) {
    throw new MediaFetchError(`media unreachable: ${describeFailure(error)}`, { cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new MediaFetchError(`media answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body.cancel();
    throw new MediaTooLargeError(limits.maxBytes);
  }
  try {
    const bytes = await readLimited(response.body, limits.maxBytes);
    return { bytes, contentType: response.headers.get('content-type') ?? '' };
  } catch (error) {
    if (error instanceof MediaTooLargeError) throw error;
    throw new MediaFetchError(`media unreadable: ${describeFailure(error)}`, { cause: error });
  }
}
