// The agent workspace and the demo phone in a real browser (Debian's chromium, see
// support/browser.ts): signing in by keyboard alone, the shell at desktop and phone widths,
// signing out, and a requester's text reaching the agent. axe-core checks each screen.
import { eventually } from '@threadline/testkit';
import {
  type BrowserSession,
  expectNoSeriousA11yViolations,
  focused,
  hasHorizontalOverflow,
  launchBrowser,
  loginInBrowser,
  screenshot,
  tabTo,
} from './support/browser';
import { ADA, PASSWORD, SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describe('the agent workspace and the demo phone in a browser', () => {
  let demo: DemoSystem;
  let browser: BrowserSession;
  let gateway: string;
  let simulator: string;

  // Kept as promises, so afterAll stops whatever did start even when beforeAll failed or timed
  // out half-way: a browser left running would keep jest from exiting.
  let starting: Promise<DemoSystem>;
  let launching: Promise<BrowserSession>;

  beforeAll(async () => {
    starting = startDemoSystem();
    launching = launchBrowser();
    [demo, browser] = await Promise.all([starting, launching]);
    gateway = demo.urls['agent-gateway'];
    simulator = demo.urls.simulator;
  }, 180_000);

  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await (await starting?.catch(() => undefined))?.stop();
  });

  it('opens the login page from the gateway’s root, accessible, with the focus in Username', async () => {
    const page = await browser.newPage(DESKTOP);
    await page.goto(`${gateway}/`);
    await page.waitForURL('**/app/login');
    await page.getByRole('heading', { level: 1, name: 'Threadline' }).waitFor();
    expect(await focused(page)).toEqual({ role: 'textbox', name: 'Username' });
    await expectNoSeriousA11yViolations(page, 'login page');
    await screenshot(page, 'login');
  });

  it('shows the API’s refusal of a wrong password above the form, and keeps what was typed', async () => {
    const page = await browser.newPage(DESKTOP);
    await page.goto(`${gateway}/app/login`);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const refusal = (await (
      await fetch(`${gateway}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: 'not-the-password' }),
      })
    ).json()) as { error: { code: string; message: string } };
    expect(refusal.error.code).toBe('INVALID_CREDENTIALS');
    const alert = page.locator('form [role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(refusal.error.message);
    expect(await page.getByLabel('Username').inputValue()).toBe('alice');
    expect(page.url()).toMatch(/\/app\/login$/);
    await expectNoSeriousA11yViolations(page, 'login page with an error');
  });

  it('signs alice in with the keyboard alone (type, Tab, type, Enter)', async () => {
    const page = await browser.newPage(DESKTOP);
    await page.goto(`${gateway}/app/login`);
    await page.getByLabel('Username').waitFor();
    await page.keyboard.type('alice');
    await tabTo(page, 'Password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/app/inbox');
    await page.getByRole('navigation', { name: 'Workspace' }).waitFor();
  });

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('lays the shell out at %s width without sideways scrolling, accessibly', async (name, size) => {
    const page = await browser.newPage(size);
    await loginInBrowser(page, gateway, 'alice');
    const nav = page.getByRole('navigation', { name: 'Workspace' });
    await nav.waitFor();
    for (const link of ['Inbox', 'Ongoing', 'New SMS']) {
      expect(await nav.getByRole('link', { name: new RegExp(`^${link}`) }).count()).toBe(1);
    }
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await hasHorizontalOverflow(page)).toBe(false);
    await expectNoSeriousA11yViolations(page, `shell at ${size.width} px`);
    await screenshot(page, `workspace-${name}`);
  });

  it('signs out back to the login page, and a reload does not sign in again', async () => {
    const page = await browser.newPage(DESKTOP);
    await loginInBrowser(page, gateway, 'bob');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/app/login');
    await page.goto(`${gateway}/app/inbox`);
    await page.waitForURL('**/app/login');
    await page.getByLabel('Username').waitFor();
  });

  it('lets a requester text Support from the demo phone by keyboard; the phone shows it, alice is offered it', async () => {
    const agent = await browser.newPage(DESKTOP);
    await loginInBrowser(agent, gateway, 'alice');
    // Signed in is available, and the socket is what routing counts as present (SPEC W3).
    await eventually(async () => expect(await agent.getByRole('status').first().innerText()).toBe('Live'), {
      timeoutMs: 15_000,
    });

    const phone = await browser.newPage(PHONE);
    await phone.goto(`${simulator}/`);
    await phone.waitForURL('**/phone/**');
    await phone.getByRole('heading', { level: 1, name: 'Demo phone' }).waitFor();
    await eventually(async () => expect(await phone.getByLabel('Your number').inputValue()).toBe(ADA.phone));
    expect(await phone.getByLabel('Company number').inputValue()).toBe(SUPPORT);
    expect(await hasHorizontalOverflow(phone)).toBe(false);
    await expectNoSeriousA11yViolations(phone, 'demo phone');

    const text = 'Hi, my order is late (sent from the demo phone)';
    await tabTo(phone, 'Message');
    await phone.keyboard.type(text);
    await tabTo(phone, 'Send');
    await phone.keyboard.press('Enter');

    const sent = phone.locator('ol[aria-label="Messages"] > li[data-direction="outbound"]');
    await sent.first().waitFor();
    expect(await sent.first().innerText()).toContain(text);
    // The thread may show it before the answer to the send arrives (after the gateway's).
    await eventually(async () =>
      expect(await phone.getByRole('status').innerText()).toContain('Sent to Support'),
    );
    expect(await phone.getByRole('textbox', { name: 'Message', exact: true }).inputValue()).toBe('');

    // The Inbox lists the offer, with what the phone sent, and the navigation counts it.
    const badge = agent.locator('[data-testid="inbox-count"]');
    await badge.waitFor({ timeout: 20_000 });
    expect(await badge.innerText()).toMatch(/^1\b/);
    const offers = agent.locator('[data-testid="offer"]');
    await offers.first().waitFor();
    expect(await offers.count()).toBe(1);
    // The offer and the message reach agent-gateway by separate events: the card may show the
    // offer a moment before the message that started it.
    await eventually(async () => expect(await offers.first().innerText()).toContain(text));
    await expectNoSeriousA11yViolations(agent, 'inbox with an offer');
    await screenshot(agent, 'workspace-inbox-offer');
    await screenshot(phone, 'demo-phone');
  });
});
