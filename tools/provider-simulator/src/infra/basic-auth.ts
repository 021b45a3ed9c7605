export interface BasicCredentials {
  username: string;
  password: string;
}

/** Reads HTTP basic credentials; null when the header is absent or not basic auth. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  // The password may contain colons; the username (an account SID) cannot.
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
