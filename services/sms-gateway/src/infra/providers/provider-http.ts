/** What every provider client reads from an HTTP answer or a failed call, alike. */

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
