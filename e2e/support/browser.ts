// Drives Debian's chromium with playwright-core for the browser specs: never a downloaded
// browser (playwright-core has none to download; the path is checked before launching), one
// isolated context per page, axe-core for accessibility, keyboard helpers, screenshots for the
// README. CHROMIUM_PATH points at another chromium binary.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet, headless, nothing phoned home; as in CI's container (no sandbox there: no user namespaces). */
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

/** Where `screenshot` writes, for the READMEs: the repository's docs/screenshots. */
export const SCREENSHOTS_DIR = join(__dirname, '..', '..', 'docs', 'screenshots');

export interface Viewport {
  width: number;
  height: number;
}

export interface BrowserSession {
  browser: Browser;
  /** A page in a context of its own (its own storage: one signed-in agent per page). */
  newPage(viewport?: Viewport): Promise<Page>;
  /** Closes every context and the browser, which removes its profile directory. */
  close(): Promise<void>;
}

/**
 * Launches the chromium at CHROMIUM_PATH, or fails saying how to install it. Each launch runs on
 * a fresh profile: playwright-core passes chromium a new `--user-data-dir` in the temp directory
 * and deletes it when the browser closes, so no state leaks between specs or into the user's own.
 */
export async function launchBrowser(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No chromium at ${CHROMIUM_PATH}: install Debian's chromium: apt-get install chromium ` +
        '(or set CHROMIUM_PATH to a chromium binary). The browser tests never download a browser.',
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Signs `username` in through the login form (password: the demo one) and waits for the Inbox. */
export async function loginInBrowser(
  page: Page,
  baseUrl: string,
  username: string,
  password = 'threadline-demo',
): Promise<void> {
  await page.goto(`${baseUrl}/app/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/app/inbox');
}

/**
 * Fails listing every serious or critical axe-core violation (WCAG 2.1 A and AA rules and axe's best
 * practices) with the elements it found them on; moderate and minor ones are left to review.
 */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  if (serious.length === 0) return;
  const report = serious.map((violation) => {
    const nodes = violation.nodes.map(
      (node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\n/g, ' ') ?? ''}`,
    );
    return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes.join('\n')}`;
  });
  throw new Error(`${label}: ${serious.length} serious accessibility violation(s)\n${report.join('\n')}`);
}

/**
 * Saves the page as docs/screenshots/<name>.png when SCREENSHOTS=1 (`pnpm screenshots`), so the
 * READMEs' pictures can be refreshed; otherwise does nothing, leaving a developer's tree clean.
 */
export async function screenshot(page: Page, name: string): Promise<string | null> {
  if (process.env.SCREENSHOTS !== '1') return null;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** The role and accessible name of the focused element, as the accessibility tree has them. */
export async function focused(page: Page): Promise<{ role: string; name: string } | null> {
  const snapshot = await page
    .locator('*:focus')
    .ariaSnapshot({ timeout: 1000 })
    .catch(() => null);
  const match = /^- ([\w-]+)(?: "((?:[^"\\]|\\.)*)")?/.exec(snapshot ?? '');
  if (!match?.[1]) return null;
  return { role: match[1], name: (match[2] ?? '').replace(/\\(.)/g, '$1') };
}

/** Presses Tab until the focused element's accessible name is `name`; fails after `maxPresses`. */
export async function tabTo(page: Page, name: string | RegExp, maxPresses = 40): Promise<void> {
  const seen: string[] = [];
  for (let press = 0; press < maxPresses; press += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now && (typeof name === 'string' ? now.name === name : name.test(now.name))) return;
    seen.push(now ? `${now.role} "${now.name}"` : '(nothing)');
  }
  throw new Error(
    `Tab never reached "${String(name)}" in ${maxPresses} presses; focus went to: ${seen.join(', ')}`,
  );
}

/** Whether the document scrolls sideways: content wider than the viewport. */
export function hasHorizontalOverflow(page: Page): Promise<boolean> {
  // A string: this package compiles without the DOM's types, and the function runs in the page.
  return page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');
}
