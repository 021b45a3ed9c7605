import { gunzipSync, gzipSync } from 'node:zlib';
import {
  compressedSize,
  distPath,
  initialScripts,
  latenciesByUnread,
  sumCompressed,
  syntheticId,
  syntheticOngoing,
} from './web-figures';

describe('initialScripts', () => {
  it('finds the scripts and module preloads, not stylesheets, icons or lazy chunks', () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" href="data:," />
      <script type="module" crossorigin src="/app/assets/index-A.js"></script>
      <link rel="modulepreload" crossorigin href="/app/assets/vendor-B.js">
      <link rel='modulepreload' href='/app/assets/shared-C.js'>
      <link rel="stylesheet" crossorigin href="/app/assets/index-D.css">
      <link rel="prefetch" href="/app/assets/lazy-E.js">
      <script>window.inline = true</script>
      </head><body><script src=/app/late.js></script></body></html>`;
    expect(initialScripts(html)).toEqual([
      '/app/assets/index-A.js',
      '/app/assets/vendor-B.js',
      '/app/assets/shared-C.js',
      '/app/late.js',
    ]);
  });

  it('counts a file loaded twice once', () => {
    const html = '<script src="/a.js"></script><link rel="modulepreload" href="/a.js">';
    expect(initialScripts(html)).toEqual(['/a.js']);
  });

  it('finds nothing in a page without scripts', () => {
    expect(initialScripts('<p>hi</p>')).toEqual([]);
  });
});

describe('distPath', () => {
  it('drops the base, any origin, query and fragment', () => {
    expect(distPath('/app/assets/x.js', '/app/')).toBe('assets/x.js');
    expect(distPath('http://h:1/app/assets/x.js?v=1#a', '/app/')).toBe('assets/x.js');
  });

  it('refuses what is not under the base', () => {
    expect(() => distPath('/other/x.js', '/app/')).toThrow('/other/x.js');
  });
});

describe('compressedSize', () => {
  it('measures gzip at level 9 and brotli, both smaller than the raw bytes', () => {
    const text = 'const answer = 42;\n'.repeat(500);
    const size = compressedSize(text);
    expect(size.raw).toBe(Buffer.byteLength(text));
    expect(size.gzip).toBeLessThan(size.raw);
    expect(size.brotli).toBeLessThan(size.raw);
    expect(compressedSize(Buffer.from(text))).toEqual(size);
    expect(size.gzip).toBe(gzipSync(text, { level: 9 }).length);
    expect(gunzipSync(gzipSync(text, { level: 9 })).toString()).toBe(text);
  });

  it('sums', () => {
    expect(
      sumCompressed([
        { raw: 10, gzip: 5, brotli: 4 },
        { raw: 1, gzip: 2, brotli: 3 },
      ]),
    ).toEqual({ raw: 11, gzip: 7, brotli: 7 });
    expect(sumCompressed([])).toEqual({ raw: 0, gzip: 0, brotli: 0 });
  });
});

describe('latenciesByUnread', () => {
  it('pairs message i with the first unread count of base + i + 1', () => {
    const sent = [1000, 1150, 1300];
    const seen = [
      { unread: 2, at: 1040 },
      { unread: 3, at: 1200 },
      { unread: 4, at: 1330 },
    ];
    expect(latenciesByUnread(sent, seen, 1)).toEqual({ latencies: [40, 50, 30], missing: 0 });
  });

  it('credits a step of two to both messages it shows', () => {
    const sent = [1000, 1010];
    expect(latenciesByUnread(sent, [{ unread: 2, at: 1060 }], 0)).toEqual({
      latencies: [60, 50],
      missing: 0,
    });
  });

  it('ignores counts seen before the message was sent, and counts what never showed', () => {
    const sent = [1000, 2000];
    const seen = [
      { unread: 5, at: 900 },
      { unread: 1, at: 1100 },
    ];
    expect(latenciesByUnread(sent, seen, 0)).toEqual({ latencies: [100], missing: 1 });
  });

  it('takes the first sighting in time order, not a later repeat', () => {
    const seen = [
      { unread: 1, at: 30 },
      { unread: 1, at: 90 },
    ];
    expect(latenciesByUnread([10], seen, 0)).toEqual({ latencies: [20], missing: 0 });
  });
});

describe('syntheticOngoing', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  const agent = '01970000-0000-7000-8000-00000000a001';
  const list = syntheticOngoing(500, agent, now);

  it('makes distinct conversations in progress, all assigned to the agent', () => {
    expect(list).toHaveLength(500);
    expect(new Set(list.map((c) => c.interactionId)).size).toBe(500);
    expect(new Set(list.map((c) => c.requesterAddress)).size).toBe(500);
    for (const conversation of list) {
      expect(conversation.assigneeId).toBe(agent);
      expect(['work_in_progress', 'on_hold']).toContain(conversation.state);
      expect(conversation.interactionId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(conversation.requesterAddress).toMatch(/^\+1555\d{7}$/);
      expect(conversation.identityConflictReason === null).toBe(!conversation.identityConflict);
    }
  });

  it('is most recently active first', () => {
    const times = list.map((c) => Date.parse(c.lastActivityAt ?? ''));
    expect(times[0]).toBe(now);
    expect(times.every((t, i) => i === 0 || t < times[i - 1]!)).toBe(true);
  });

  it('has some unread and some identity conflicts', () => {
    expect(list.filter((c) => c.unreadCount > 0)).toHaveLength(125);
    expect(list.filter((c) => c.identityConflict)).toHaveLength(50);
  });

  it('is empty for zero', () => {
    expect(syntheticOngoing(0, agent, now)).toEqual([]);
  });
});

describe('syntheticId', () => {
  it('grows with n', () => {
    expect(syntheticId(0)).toBe('01990000-0000-7000-8000-000000000000');
    expect(syntheticId(255) < syntheticId(256)).toBe(true);
  });
});
