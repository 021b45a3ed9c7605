import { ProviderUnavailableError } from './sms-provider';

/** What every provider client reads from an HTTP answer or a failed call, alike. */

/** A provider's answer, read whole. */
export interface ProviderAnswer {
  response: Response;
  text: string;
}

/**
 * Calls a provider's API within `timeoutMs` and reads the answer. A refused connection, a
 * reset, DNS, or our timeout (also while reading the answer) is a {@link ProviderUnavailableError}
 * (`PROVIDER_UNAVAILABLE`), to be retried.
 */
export async function callProvider(
  provider: string,
  fetcher: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<ProviderAnswer> {
  try {
    const response = await fetcher(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { response, text: await response.text() };
  } catch (error) {
    throw new ProviderUnavailableError(
      `${provider} unreachable: ${describeFailure(error)}`,
      'PROVIDER_UNAVAILABLE',
      { cause: error },
    );
  }
}

/** The body as JSON, or undefined when it is not JSON (providers' error pages are HTML at times). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why a call failed, in a few words: our timeout, or the network error's message. */
export function describeFailure(error: unknown): string {
  // AbortSignal.timeout rejects with a DOMException, which is not always an Error instance.
  if (typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError') {
    return 'timed out';
  }
  return error instanceof Error ? error.message : String(error);
}
