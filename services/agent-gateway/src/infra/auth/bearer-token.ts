import type { IncomingHttpHeaders } from 'node:http';

/** The token of an `Authorization: Bearer <token>` header; undefined for any other scheme. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/**
 * Browsers cannot set headers on a WebSocket handshake, so sockets may pass the token as
 * `?access_token=`; a header wins when both are present.
 */
export function upgradeToken(headers: IncomingHttpHeaders, url: URL): string | undefined {
  return bearerToken(headers) ?? (url.searchParams.get('access_token') || undefined);
}
