/// <reference lib="dom" />
// What the web benchmark runs inside the page. Playwright sends each function's source to the
// browser, so each is self-contained: no imports, no closures over this module.

/** What a render probe answers, in ms after the click, on the page's own clock. */
export interface RenderTiming {
  /** The rows (or, for an empty list, the page) in the DOM. */
  domMs: number;
  /** The same, plus the style and layout the browser does before it can paint them. */
  laidOutMs: number;
  rows: number;
}

/** What a cold-load probe answers, in ms after the navigation started. */
export interface LoadTiming {
  domMs: number;
  rows: number;
}

declare global {
  interface Window {
    /** Bound by the bench (page.exposeBinding): an unread count the row showed, and when. */
    benchUnread?: (unread: number, at: number) => Promise<void>;
    benchRender?: Promise<RenderTiming | null>;
    benchLoad?: Promise<LoadTiming | null>;
  }
}

/**
 * Reports every new `data-unread` of the row `selector` through `window.benchUnread`, with
 * Date.now() taken in the MutationObserver's callback: when the DOM changed, before paint.
 */
export function watchUnread(selector: string): string | null {
  let last = document.querySelector(selector)?.getAttribute('data-unread') ?? null;
  new MutationObserver(() => {
    const at = Date.now();
    const value = document.querySelector(selector)?.getAttribute('data-unread') ?? null;
    if (value === last) return;
    last = value;
    if (value !== null) void window.benchUnread?.(Number(value), at);
  }).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-unread'],
  });
  return last;
}

/**
 * Arms `window.benchRender`: from the next click (its event's timeStamp) to the Ongoing page
 * showing `expected` rows (for none: its heading), then that plus a forced layout.
 */
export function armRenderProbe(expected: number): void {
  window.benchRender = new Promise((resolve) => {
    let clickAt: number | null = null;
    const observer = new MutationObserver(() => check());
    const timeout = setTimeout(() => {
      observer.disconnect();
      resolve(null);
    }, 15_000);
    function check(): void {
      if (clickAt === null) return;
      const rows = document.querySelectorAll('[data-testid="ongoing-row"]').length;
      const heading = document.querySelector('main h1, h1')?.textContent ?? '';
      if (!location.pathname.endsWith('/ongoing') || !/ongoing/i.test(heading) || rows !== expected) return;
      const dom = performance.now();
      // Reading a layout property makes the browser compute style and layout now, as it must before painting.
      void document.body.offsetHeight;
      const laidOut = performance.now();
      observer.disconnect();
      clearTimeout(timeout);
      resolve({ domMs: dom - clickAt, laidOutMs: laidOut - clickAt, rows });
    }
    document.addEventListener(
      'click',
      (event) => {
        clickAt = event.timeStamp;
        queueMicrotask(check);
      },
      { capture: true, once: true },
    );
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/**
 * Installed before any script of the page (addInitScript) on every navigation, armed when
 * sessionStorage holds `bench-load` (the rows expected): `window.benchLoad` answers when the
 * Ongoing page shows them, in ms from the navigation's start.
 */
export function armLoadProbe(): void {
  const armed = sessionStorage.getItem('bench-load');
  if (armed === null) return;
  sessionStorage.removeItem('bench-load');
  const expected = Number(armed);
  window.benchLoad = new Promise((resolve) => {
    const finish = (timing: LoadTiming | null) => {
      observer.disconnect();
      clearInterval(poll);
      clearTimeout(timeout);
      resolve(timing);
    };
    const check = () => {
      const rows = document.querySelectorAll('[data-testid="ongoing-row"]').length;
      const heading = document.querySelector('main h1, h1')?.textContent ?? '';
      if (!/ongoing/i.test(heading) || rows !== expected) return;
      // An empty list looks the same before the workspace's sync as after: wait for its answer
      // (polled, since then nothing in the DOM changes to wake the observer).
      const synced = performance
        .getEntriesByType('resource')
        .some((entry) => entry.name.includes('/interactions/ongoing'));
      if (expected === 0 && !synced) return;
      finish({ domMs: performance.now(), rows });
    };
    const observer = new MutationObserver(check);
    const poll = setInterval(check, 4);
    const timeout = setTimeout(() => finish(null), 30_000);
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  });
}
