// The agent workspace's figures (issue 13): the JavaScript it loads at start, the time from an
// inbound webhook to the highlight in the browser's DOM, and the Ongoing tab with 500
// conversations; each beside a baseline measured in the same run.
//
//   pnpm bench     BENCH_WEB_MESSAGES=200   inbound messages timed to their highlight
//                  BENCH_WEB_GAP_MS=150     at least this long from one message to the next
//                  BENCH_WEB_ONGOING=500    conversations in the synthetic Ongoing list
//                  BENCH_WEB_RENDERS=20     navigations to Ongoing timed, with that list and with none
//                  BENCH_WEB_LOADS=10       page loads straight onto Ongoing timed, likewise
//                  BENCH_CHROMIUM=/usr/bin/chromium
//   alone:         pnpm --filter @threadline/bench build && node tools/bench/dist/web.bench.js
//
// Needs apps/web built (the workspace build does it): agent-gateway serves apps/web/dist at /app/.
//  1. Initial JavaScript: the scripts and module preloads of dist/index.html (what loads before
//     anything runs; lazy chunks are not counted), gzip -9 and brotli. Baseline: React alone
//     (react + react-dom/client rendering one element) built by the same Vite with the same target,
//     and, for scale, React's published production files (not minified) gzipped as they are.
//  2. Webhook → highlight: the whole system as processes (testkit's startSystem), Debian's
//     chromium driven by playwright-core, alice signed in through the login form. A requester
//     texts Support, alice accepts over the API, the browser shows Ongoing with the conversation
//     in it but not open, so each message raises its unread count. Then each message: Date.now()
//     just before the signed webhook POST; in the page a MutationObserver takes Date.now() when the
//     row's data-unread changes (the DOM, before paint). Message i pairs with unread base + i + 1.
//     Paced: the next leaves once this one is shown and at least BENCH_WEB_GAP_MS after it.
//     Baseline: the same push reaching a plain WebSocket client logged in as alice too
//     (testkit's AgentClient), so what is left is the browser's share.
//  3. Ongoing with 500 conversations. The workspace loads the Ongoing list when its socket is
//     ready (workspace.tsx's resync) and keeps it current from pushes: opening the tab renders
//     what is held. So the list is set by answering GET /interactions/ongoing with synthetic
//     conversations (page.route) and reloading, and the figure is from the click on the nav's
//     Ongoing link (the event's timeStamp) to all rows in the DOM, and laid out (a forced
//     layout: what the browser must do before it paints them). Baseline: the same with an empty
//     list, the fixed cost of going to the page. Beside it, for the whole path: loading the page
//     straight onto /app/ongoing, from the navigation's start to the rows in the DOM (scripts,
//     session, socket, the list's fetch and the render).
// Nothing is asserted: the summary prints each figure beside its aim.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AgentClient,
  type AgentEvent,
  createIsolatedEnvironment,
  type IsolatedEnvironment,
  resolveTestServers,
  type RunningSystem,
  startSystem,
} from '@threadline/testkit';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { summarise } from './stats';
import {
  type Compressed,
  compressedSize,
  distPath,
  initialScripts,
  latenciesByUnread,
  sumCompressed,
  syntheticOngoing,
  type UnreadSeen,
} from './web-figures';
import { armLoadProbe, armRenderProbe, type LoadTiming, type RenderTiming, watchUnread } from './web-in-page';
import { postTwilioInbound } from './twilio-inbound';

const MESSAGES = Number(process.env.BENCH_WEB_MESSAGES ?? 200);
const GAP_MS = Number(process.env.BENCH_WEB_GAP_MS ?? 150);
const ONGOING = Number(process.env.BENCH_WEB_ONGOING ?? 500);
const RENDERS = Number(process.env.BENCH_WEB_RENDERS ?? 20);
const LOADS = Number(process.env.BENCH_WEB_LOADS ?? 10);
const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** apps/web: a devDependency, so turbo builds it before `pnpm bench` runs this. */
const WEB_DIR = dirname(require.resolve('@threadline/web/package.json'));
const BASE = '/app/';
const REQUESTER = '+15557300001';
const PASSWORD = 'threadline-demo';
/** How long a message may take to show before the bench counts it as never shown. */
const SHOW_TIMEOUT_MS = 10_000;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : '–');
/** kB of 1000 bytes, as Vite's build prints them. */
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const p50p99max = (samples: readonly number[]) => {
  const s = summarise(samples);
  return `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)} ms`;
};
const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

// ---------------------------------------------------------------------------------------------
// 1. Initial JavaScript

interface Sized {
  file: string;
  size: Compressed;
}

function initialJavaScript(): Sized[] {
  const dist = join(WEB_DIR, 'dist');
  let html: string;
  try {
    html = readFileSync(join(dist, 'index.html'), 'utf8');
  } catch {
    throw new Error(`${dist}/index.html is missing: build the workspace first (pnpm turbo run build)`);
  }
  return initialScripts(html).map((url) => {
    const file = distPath(url, BASE);
    return { file, size: compressedSize(readFileSync(join(dist, file))) };
  });
}

/** React's published production files, as a browser bundle of react-dom/client needs them. */
function reactAsPublished(): Sized[] {
  const packageDir = (name: string, from: string) =>
    dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
  const react = packageDir('react', WEB_DIR);
  const reactDom = packageDir('react-dom', WEB_DIR);
  const scheduler = packageDir('scheduler', reactDom);
  return [
    join(react, 'cjs', 'react.production.js'),
    join(reactDom, 'cjs', 'react-dom.production.js'),
    join(reactDom, 'cjs', 'react-dom-client.production.js'),
    join(scheduler, 'cjs', 'scheduler.production.js'),
  ].map((file) => ({ file, size: compressedSize(readFileSync(file)) }));
}

// Vite is ESM and this package is CommonJS: a child node builds an entry that renders one
// element with React, from apps/web (so it resolves the app's own react), into a temp dir.
const REACT_ONLY_BUILD = `
import { build } from 'vite';
const entry = "import { createElement } from 'react'; import { createRoot } from 'react-dom/client'; " +
  "createRoot(document.getElementById('root')).render(createElement('p', null, 'hello'));";
await build({
  configFile: false,
  root: process.cwd(),
  logLevel: 'silent',
  mode: 'production',
  plugins: [{
    name: 'react-only',
    resolveId: (id) => (id === 'react-only' ? '\\0react-only' : null),
    load: (id) => (id === '\\0react-only' ? entry : null),
  }],
  build: {
    outDir: process.env.BENCH_OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: false,
    rollupOptions: { input: 'react-only' },
  },
});
`;

function reactBuiltByVite(): Sized[] {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-web-react-'));
  try {
    const built = spawnSync(process.execPath, ['--input-type=module', '-e', REACT_ONLY_BUILD], {
      cwd: WEB_DIR,
      env: { ...process.env, BENCH_OUT_DIR: outDir },
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`building React alone failed: ${built.stderr}`);
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.js'),
    );
    return files.map((file) => ({ file, size: compressedSize(readFileSync(join(outDir, file))) }));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Webhook → highlight

/** Unread counts seen, in the order seen, and a way to wait for one. */
class Sightings {
  readonly seen: UnreadSeen[] = [];
  private wake: (() => void) | null = null;

  add(unread: number, at: number): void {
    this.seen.push({ unread, at });
    this.wake?.();
  }

  highest(): number {
    return this.seen.reduce((max, entry) => Math.max(max, entry.unread), Number.NEGATIVE_INFINITY);
  }

  /** Resolves true once a count of at least `unread` was seen, false after `timeoutMs`. */
  async reach(unread: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.highest() < unread) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    return true;
  }
}

/** Posts one inbound SMS as Twilio would, signed; throws unless the gateway took it. */
async function postInbound(webhookUrl: string, from: string, body: string): Promise<void> {
  // Unique, or sms-gateway takes the message for a provider's retry of one it has and drops it.
  const sid = `SM${randomUUID().replaceAll('-', '')}`;
  const { status } = await postTwilioInbound(webhookUrl, { sid, from, body });
  if (status !== 200) throw new Error(`the webhook answered ${status} for "${body}"`);
}

async function signIn(page: Page, appUrl: string, username: string): Promise<void> {
  await page.goto(`${appUrl}login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app\/inbox/);
}

const navLink = (page: Page, path: string) => page.locator(`nav a[href="${BASE}${path}"]`).first();
const rowOf = (interactionId: string) =>
  `[data-testid="ongoing-row"][data-interaction-id="${interactionId}"]`;

interface HighlightRun {
  dom: { latencies: number[]; missing: number };
  socket: { latencies: number[]; missing: number };
  base: number;
}

async function webhookToHighlight(
  page: Page,
  system: RunningSystem,
  appUrl: string,
  alice: AgentClient,
): Promise<HighlightRun> {
  const webhookUrl = `${system.urls['sms-gateway']}/webhooks/twilio/sms`;
  const offered = alice.waitForEvent('offer.created', () => true, { timeoutMs: 30_000 });
  await postInbound(webhookUrl, REQUESTER, 'Hello, a question about my order');
  const offer = (await offered).data as { workItemId: string; interactionId: string };
  await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);
  const interactionId = offer.interactionId;
  say(`  a requester texted Support; alice accepted ${interactionId} over the API`);

  await navLink(page, 'ongoing').click();
  await page.waitForURL(/\/app\/ongoing$/);
  await page.locator(rowOf(interactionId)).waitFor({ timeout: 30_000 });
  // Whatever the accept set off (the greeting, the joined note) has arrived before the count is read.
  await sleep(1_000);

  const dom = new Sightings();
  const socket = new Sightings();
  await page.exposeBinding('benchUnread', (_source, unread: number, at: number) => dom.add(unread, at));
  const shown = await page.evaluate(watchUnread, rowOf(interactionId));
  alice.onEvent((event: AgentEvent) => {
    if (event.type !== 'message.appended' || event.data.interactionId !== interactionId) return;
    socket.add(Number(event.data.unreadCount), Date.now());
  });
  const listed = await alice.expect<{ items: Array<{ interactionId: string; unreadCount: number }> }>(
    200,
    'GET',
    '/interactions/ongoing',
  );
  const base = listed.items.find((item) => item.interactionId === interactionId)?.unreadCount ?? Number.NaN;
  if (String(base) !== shown) say(`  note: the row shows unread ${shown}, the API says ${base}`);
  say(`  on /app/ongoing, the conversation not open, unread ${base}; sending ${MESSAGES} messages`);

  const sentAt: number[] = [];
  let shownLate = 0;
  for (let index = 0; index < MESSAGES; index++) {
    const due = (sentAt.at(-1) ?? 0) + GAP_MS;
    if (Date.now() < due) await sleep(due - Date.now());
    sentAt.push(Date.now());
    await postInbound(webhookUrl, REQUESTER, `bench message ${index}`);
    const target = base + index + 1;
    const [inDom, onSocket] = await Promise.all([
      dom.reach(target, SHOW_TIMEOUT_MS),
      socket.reach(target, SHOW_TIMEOUT_MS),
    ]);
    if (!inDom || !onSocket) shownLate += 1;
    if ((index + 1) % Math.max(1, Math.floor(MESSAGES / 5)) === 0) say(`  sent ${index + 1}/${MESSAGES}`);
  }
  if (shownLate > 0) say(`  ${shownLate} messages not shown within ${SHOW_TIMEOUT_MS} ms`);
  return {
    dom: latenciesByUnread(sentAt, dom.seen, base),
    socket: latenciesByUnread(sentAt, socket.seen, base),
    base,
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Ongoing with many conversations

/** Reloads the app on `path` with the Ongoing list answered by `count` synthetic conversations. */
class OngoingList {
  private items: unknown[] = [];
  private served = 0;

  constructor(
    private readonly page: Page,
    private readonly agentId: string,
  ) {}

  async install(): Promise<void> {
    await this.page.route(
      (url) => url.pathname === '/interactions/ongoing',
      async (route) => {
        await route.fulfill({ json: { items: this.items } });
        this.served += 1;
      },
    );
  }

  /** The next loads of the app are answered `count` conversations. */
  set(count: number): void {
    this.items = syntheticOngoing(count, this.agentId, Date.now());
  }

  async reloadOn(appUrl: string, path: string): Promise<void> {
    const before = this.served;
    await this.page.goto(`${appUrl}${path}`);
    const deadline = Date.now() + 30_000;
    while (this.served === before) {
      if (Date.now() > deadline) throw new Error('the reloaded app never asked for the Ongoing list');
      await sleep(20);
    }
    // The answer is in; let the workspace apply it and the page settle.
    await this.page.waitForLoadState('networkidle');
    await sleep(300);
  }
}

async function timeNavigations(
  page: Page,
  list: OngoingList,
  appUrl: string,
  count: number,
): Promise<RenderTiming[]> {
  list.set(count);
  await list.reloadOn(appUrl, 'inbox');
  const timings: RenderTiming[] = [];
  // One untimed first, so the Ongoing page's code and styles are warm as they are in use.
  for (let round = 0; round <= RENDERS; round++) {
    if (!page.url().endsWith('/inbox')) {
      await navLink(page, 'inbox').click();
      await page.waitForURL(/\/app\/inbox$/);
    }
    await sleep(50);
    await page.evaluate(armRenderProbe, count);
    await navLink(page, 'ongoing').click();
    const timing = await page.evaluate(() => window.benchRender ?? null);
    if (!timing) throw new Error(`the Ongoing page never showed ${count} rows after the click`);
    if (round > 0) timings.push(timing);
  }
  return timings;
}

async function timeLoads(
  page: Page,
  list: OngoingList,
  appUrl: string,
  count: number,
): Promise<LoadTiming[]> {
  list.set(count);
  const timings: LoadTiming[] = [];
  for (let round = 0; round <= LOADS; round++) {
    await page.evaluate((expected) => sessionStorage.setItem('bench-load', String(expected)), count);
    await list.reloadOn(appUrl, 'ongoing');
    const timing = await page.evaluate(() => window.benchLoad ?? null);
    if (!timing) throw new Error(`loading /app/ongoing never showed ${count} rows`);
    if (round > 0) timings.push(timing);
  }
  return timings;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const begun = performance.now();
  say(
    `web benchmark: ${MESSAGES} messages to the highlight, Ongoing with ${ONGOING} conversations ` +
      `(load average ${loadavg()[0]!.toFixed(1)})`,
  );

  say('1. the initial JavaScript of apps/web/dist, and React alone');
  const ours = initialJavaScript();
  for (const { file, size } of ours)
    say(`  ${file}: ${kb(size.raw)}, gzip ${kb(size.gzip)}, brotli ${kb(size.brotli)}`);
  const total = sumCompressed(ours.map((entry) => entry.size));
  const reactVite = sumCompressed(reactBuiltByVite().map((entry) => entry.size));
  const reactPublished = sumCompressed(reactAsPublished().map((entry) => entry.size));
  say(
    `  React alone, built by Vite: ${kb(reactVite.raw)}, gzip ${kb(reactVite.gzip)}, brotli ${kb(reactVite.brotli)}`,
  );
  say(`  React's published production files: ${kb(reactPublished.raw)}, gzip ${kb(reactPublished.gzip)}`);

  say('2. starting the six services and the provider simulator, and chromium');
  let environment: IsolatedEnvironment | undefined;
  let system: RunningSystem | undefined;
  let context: BrowserContext | undefined;
  const profileDir = mkdtempSync(join(tmpdir(), 'bench-web-chromium-'));
  let alice: AgentClient | undefined;
  try {
    environment = await createIsolatedEnvironment(await resolveTestServers());
    // LOG_LEVEL stays info: testkit learns each process's URL from its "listening" log line.
    system = await startSystem(environment);
    const gatewayUrl = system.urls['agent-gateway'];
    const appUrl = `${gatewayUrl}${BASE}`;
    const probe = await fetch(appUrl);
    await probe.arrayBuffer();
    if (probe.status !== 200) throw new Error(`agent-gateway answered ${probe.status} for ${appUrl}`);

    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(armLoadProbe);
    alice = await AgentClient.login(gatewayUrl, 'alice', PASSWORD);
    await alice.connect();
    await signIn(page, appUrl, 'alice');
    say('  alice signed in through the login form; her plain socket connected too');
    const highlight = await webhookToHighlight(page, system, appUrl, alice);

    say(
      `3. Ongoing with ${ONGOING} conversations and with none (${RENDERS} navigations, ${LOADS} loads each)`,
    );
    const list = new OngoingList(page, alice.agentId);
    await list.install();
    const many = await timeNavigations(page, list, appUrl, ONGOING);
    say(`  click → ${ONGOING} rows laid out p50/p99/max ${p50p99max(many.map((t) => t.laidOutMs))}`);
    const none = await timeNavigations(page, list, appUrl, 0);
    say(`  click → empty page laid out p50/p99/max ${p50p99max(none.map((t) => t.laidOutMs))}`);
    const manyLoads = await timeLoads(page, list, appUrl, ONGOING);
    const noneLoads = await timeLoads(page, list, appUrl, 0);
    say(`  load → ${ONGOING} rows p50/p99/max ${p50p99max(manyLoads.map((t) => t.domMs))}`);
    say(`  load → empty list p50/p99/max ${p50p99max(noneLoads.map((t) => t.domMs))}`);

    // Summary.
    const dom = summarise(highlight.dom.latencies);
    const renderDom = summarise(many.map((t) => t.domMs));
    const renderLaid = summarise(many.map((t) => t.laidOutMs));
    const emptyDom = summarise(none.map((t) => t.domMs));
    const emptyLaid = summarise(none.map((t) => t.laidOutMs));
    const missing = (run: { missing: number }) => (run.missing ? `, ${run.missing} never shown` : '');
    say('');
    say(
      `web benchmark summary (${((performance.now() - begun) / 1000).toFixed(1)} s; load average over ` +
        `the last minute ${loadavg()[0]!.toFixed(1)})`,
    );
    say('| figure | measured | baseline, same run | aim | within aim |');
    say('|---|---|---|---|---|');
    say(
      `| 1. initial JavaScript, gzip -9 (${ours.length} file${ours.length === 1 ? '' : 's'}) | ${kb(total.gzip)} ` +
        `(brotli ${kb(total.brotli)}, raw ${kb(total.raw)}) | React alone built by Vite ${kb(reactVite.gzip)} ` +
        `(published files ${kb(reactPublished.gzip)}) | < 250 kB | ${yes(total.gzip < 250_000)} |`,
    );
    say(
      `| 2. webhook → highlight in the DOM p50 / p99 / max (${MESSAGES} messages${missing(highlight.dom)}) | ` +
        `${p50p99max(highlight.dom.latencies)} | webhook → alice's plain WebSocket ` +
        `${p50p99max(highlight.socket.latencies)}${missing(highlight.socket)} | p99 < 300 ms | ` +
        `${yes(highlight.dom.missing === 0 && dom.p99 < 300)} |`,
    );
    say(
      `| 3. Ongoing, ${ONGOING} conversations: click → rows laid out p50 / p99 (in the DOM) | ` +
        `${fmt(renderLaid.p50)} / ${fmt(renderLaid.p99)} ms (${fmt(renderDom.p50)} / ${fmt(renderDom.p99)} ms) | ` +
        `no conversations ${fmt(emptyLaid.p50)} / ${fmt(emptyLaid.p99)} ms (${fmt(emptyDom.p50)} / ` +
        `${fmt(emptyDom.p99)} ms) | < 100 ms | ${yes(renderLaid.p99 < 100)} |`,
    );
    say(
      `| 3. loading /app/ongoing → ${ONGOING} rows in the DOM p50 / p99 / max | ${p50p99max(manyLoads.map((t) => t.domMs))} | ` +
        `no conversations ${p50p99max(noneLoads.map((t) => t.domMs))} | – | – |`,
    );
  } finally {
    alice?.close();
    await context?.close().catch(() => undefined);
    rmSync(profileDir, { recursive: true, force: true });
    await system?.stop();
    await environment?.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
