/**
 * body-parser's own failures (malformed JSON, too large) carry a 4xx status: the caller's fault,
 * answered in the API's error shape rather than as a 500.
 */
export function isBodyParserRefusal(error: unknown): error is Error & { status: number } {
  return (
    error instanceof Error && 'status' in error && typeof error.status === 'number' && error.status < 500
  );
}
