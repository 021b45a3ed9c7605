// The pure parts of the web app's benchmark (web.bench.ts): which files a page loads at start,
// how big they are compressed, pairing each inbound message with the highlight it caused, and
// the synthetic Ongoing list.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { components } from '../../../apps/web/src/api/agent-gateway';

export type ConversationSummary = components['schemas']['ConversationSummaryDto'];

/**
 * The JavaScript the page fetches before anything runs: its `<script src>` and its
 * `<link rel="modulepreload">`. Chunks imported lazily are in neither, so they are not counted.
 */
export function initialScripts(html: string): string[] {
  const found: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const isScript = /^<script/i.test(tag);
    const rel = attribute(tag, 'rel');
    const url = isScript
      ? attribute(tag, 'src')
      : rel?.toLowerCase() === 'modulepreload'
        ? attribute(tag, 'href')
        : null;
    if (url && !found.includes(url)) found.push(url);
  }
  return found;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : null;
}

/** Where a URL the page loads is in the build: `/app/assets/x.js` under base `/app/` → `assets/x.js`. */
export function distPath(url: string, base: string): string {
  const path = url.replace(/^https?:\/\/[^/]+/, '').split(/[?#]/)[0]!;
  if (!path.startsWith(base)) throw new Error(`${url} is not under the app's base ${base}`);
  return path.slice(base.length);
}

export interface Compressed {
  raw: number;
  gzip: number;
  brotli: number;
}

/** Bytes as sent: gzip at level 9 and brotli at its highest quality, as a server would precompress. */
export function compressedSize(content: Buffer | string): Compressed {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

export function sumCompressed(sizes: readonly Compressed[]): Compressed {
  return sizes.reduce(
    (sum, size) => ({
      raw: sum.raw + size.raw,
      gzip: sum.gzip + size.gzip,
      brotli: sum.brotli + size.brotli,
    }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
}

/** One unread count seen (in the DOM, or in a push), and when. */
export interface UnreadSeen {
  unread: number;
  at: number;
}

/**
 * Message i (0-based) was sent at `sentAt[i]` to a conversation whose unread count was `base`
 * before the first: it is shown once an unread count of at least base + i + 1 is seen at or
 * after it was sent. "At least": two messages arriving in one render show as one step of two.
 * Answers the latency of each message shown, and how many never were.
 */
export function latenciesByUnread(
  sentAt: readonly number[],
  seen: readonly UnreadSeen[],
  base: number,
): { latencies: number[]; missing: number } {
  const latencies: number[] = [];
  let missing = 0;
  sentAt.forEach((sent, index) => {
    const shown = seen.find((entry) => entry.unread >= base + index + 1 && entry.at >= sent);
    if (shown) latencies.push(shown.at - sent);
    else missing += 1;
  });
  return { latencies, missing };
}

/** A UUID (v7's layout) that grows with n, so synthetic ids are distinct and stable. */
export function syntheticId(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `01990000-0000-7000-8000-${hex}`;
}

/**
 * `count` conversations in progress assigned to `agentId`, as `GET /interactions/ongoing`
 * answers them (most recently active first); one in four has unread messages, one in ten an
 * identity conflict, so the rows show every mark they can.
 */
export function syntheticOngoing(count: number, agentId: string, now: number): ConversationSummary[] {
  return Array.from({ length: count }, (_, n): ConversationSummary => {
    const phone = `+1555${String(6_000_000 + n).padStart(7, '0')}`;
    const conflict = n % 10 === 3;
    return {
      interactionId: syntheticId(n),
      state: n % 7 === 6 ? 'on_hold' : 'work_in_progress',
      assigneeId: agentId,
      requesterAddress: phone,
      companyAddress: n % 2 === 0 ? '+15550100001' : '+15550100002',
      requesterUserId: n % 3 === 0 ? null : syntheticId(1_000_000 + n),
      profileId: syntheticId(2_000_000 + n),
      identityConflict: conflict,
      identityConflictReason: conflict ? 'directory_disagrees' : null,
      firstMessage: `Hello, this is requester ${n}: my order has not arrived yet, can you check it?`,
      lastActivityAt: new Date(now - n * 60_000).toISOString(),
      unreadCount: n % 4 === 0 ? (n % 9) + 1 : 0,
      createdAt: new Date(now - n * 60_000 - 3_600_000).toISOString(),
    };
  });
}
