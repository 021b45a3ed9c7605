// The agent workspace in a real browser (Debian's chromium driven by playwright-core) against the
// whole system as processes (issue 13): an agent takes a requester's text from offer to end, a
// dropped socket loses nothing, a manager watches and ends, an admin creates a queue and imports a
// directory, New SMS warns before SPEC A4, and every page passes axe-core, fits 390 px and is
// reachable by keyboard. `pnpm screenshots` also photographs the main screens for the README.
import { eventually } from '@threadline/testkit';
import type { Page } from 'playwright-core';
import { ongoing, startConversation } from './support/agent-api';
import {
  type BrowserSession,
  expectNoSeriousA11yViolations,
  hasHorizontalOverflow,
  launchBrowser,
  loginInBrowser,
  screenshot,
  tabTo,
} from './support/browser';
import { ADA, ALAN, GRACE, SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

describe('the agent workspace in a browser', () => {
  let demo: DemoSystem;
  let browser: BrowserSession;
  let gateway: string;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoSystem(), launchBrowser()]);
    gateway = demo.urls['agent-gateway'];
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const text = (from: string, body: string) => demo.simulator.sendSms(from, SUPPORT, body);
  const row = (page: Page, interactionId: string) =>
    page.locator(`[data-testid="ongoing-row"][data-interaction-id="${interactionId}"]`);
  const goTo = async (page: Page, link: RegExp) => {
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: link }).click();
  };

  it('an agent takes a requester’s text from offer to end, live and by keyboard (SPEC I1–I5, S3, S4)', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await loginInBrowser(page, gateway, 'alice');

    await text(ADA.phone, 'Hi, my order is late');
    const offer = page.locator('[data-testid="offer"]');
    await offer.waitFor();
    const shown = await offer.innerText();
    expect(shown).toContain('Hi, my order is late');
    expect(shown).toContain(ADA.phone);
    expect(shown).toContain(SUPPORT);
    await page.locator('[data-testid="inbox-count"]').waitFor();
    await expectNoSeriousA11yViolations(page, 'Inbox');
    await screenshot(page, 'inbox');
    const interactionId = await offer.getAttribute('data-interaction-id');
    if (!interactionId) throw new Error('the offer names no interaction');

    // Accept and reply with the keyboard alone.
    await tabTo(page, /^Accept/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/app/conversations/${interactionId}`);
    await page.locator('[data-testid="message"][data-author="requester"]').first().waitFor();
    await tabTo(page, 'Reply');
    await page.keyboard.type('It ships today 📦');
    expect(await page.locator('[data-testid="segment-count"]').innerText()).toMatch(/1 segment.*UCS-2/);
    // The emoji, then the space before it.
    for (let i = 0; i < 2; i += 1) await page.keyboard.press('Backspace');
    expect(await page.locator('[data-testid="segment-count"]').innerText()).toMatch(/1 segment.*GSM-7/);
    await page.keyboard.press('Control+Enter');
    await page
      .locator(
        '[data-testid="message"][data-author="agent"] [data-testid="delivery-status"][data-status="delivered"]',
      )
      .waitFor();
    await eventually(async () => expect(await demo.bodiesReceivedBy(ADA.phone)).toContain('It ships today'));
    await expectNoSeriousA11yViolations(page, 'conversation');
    await screenshot(page, 'conversation');

    // Away from it, the requester's next message marks it and raises the Ongoing badge (I3).
    await goTo(page, /^Ongoing/);
    await row(page, interactionId).waitFor();
    await text(ADA.phone, 'Thanks! And the invoice?');
    await page
      .locator(`[data-testid="ongoing-row"][data-interaction-id="${interactionId}"][data-unread="1"]`)
      .waitFor();
    expect(await row(page, interactionId).getAttribute('class')).toContain('highlight');
    expect(await page.locator('[data-testid="ongoing-count"]').innerText()).toMatch(/^1/);
    await expectNoSeriousA11yViolations(page, 'Ongoing');
    await screenshot(page, 'ongoing');

    // Opening it clears the mark, here and on the server.
    await row(page, interactionId).getByRole('link').first().click();
    await page.locator('[data-testid="message"]', { hasText: 'And the invoice?' }).waitFor();
    await page.locator('[data-testid="ongoing-count"]').waitFor({ state: 'detached' });
    const alice = await demo.login('alice');
    await eventually(async () => {
      const items = await ongoing(alice);
      expect(items.find((item) => item.interactionId === interactionId)?.unreadCount).toBe(0);
    });

    // End, confirmed (I5): it leaves Ongoing at once (I4).
    await page.getByRole('button', { name: 'End', exact: true }).click();
    await page.getByRole('button', { name: 'End conversation' }).click();
    await goTo(page, /^Ongoing/);
    await row(page, interactionId).waitFor({ state: 'detached' });
    await page.close();
  });

  it('a socket that drops and comes back loses nothing: messages and offers that came meanwhile are there', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    // The socket goes through a proxy the test can cut, and hold down while the world moves on.
    let down = false;
    const open: Array<{ close(options?: { code?: number; reason?: string }): Promise<void> }> = [];
    await page.routeWebSocket(/\/ws/, (socket) => {
      if (down) {
        void socket.close({ code: 4000, reason: 'network down' });
        return;
      }
      socket.connectToServer();
      open.push(socket);
    });
    await loginInBrowser(page, gateway, 'alice');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    await text(GRACE.phone, 'Is my refund through?');
    const offer = page.locator('[data-testid="offer"]', { hasText: 'Is my refund through?' });
    await offer.getByRole('button', { name: /^Accept/ }).click();
    await page.waitForURL('**/app/conversations/*');
    const interactionId = page.url().split('/').pop() ?? '';
    await goTo(page, /^Ongoing/);
    await row(page, interactionId).waitFor();

    down = true;
    for (const socket of open.splice(0)) await socket.close({ code: 4000, reason: 'network down' });
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await text(GRACE.phone, 'Hello?');
    await text(GRACE.phone, 'Anyone there?');
    await text(ALAN.phone, 'A new question while you were away');
    // The server has them before the socket is back.
    await eventually(async () => {
      const { rows } = await demo.db.query<{ count: string }>(
        `SELECT count(*) FROM agent_gateway.message_view WHERE interaction_id = $1 AND direction = 'inbound'`,
        [interactionId],
      );
      expect(Number(rows[0]?.count)).toBe(3);
    });
    down = false;

    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    await page
      .locator(`[data-testid="ongoing-row"][data-interaction-id="${interactionId}"][data-unread="2"]`)
      .waitFor();
    await goTo(page, /^Inbox/);
    await page.locator('[data-testid="offer"]', { hasText: 'A new question while you were away' }).waitFor();
    await page.close();
  });

  it('a manager sees every agent’s work, the queues and who is available, and ends a conversation (SPEC I5)', async () => {
    const bob = await demo.loginAvailable('bob');
    const started = await startConversation(bob, {
      companyAddress: SUPPORT,
      to: '+15557310001',
      body: 'Hello from Bob',
    });
    expect(started.status).toBe(201);
    const page = await browser.newPage({ width: 1280, height: 900 });
    await loginInBrowser(page, gateway, 'maria');
    await goTo(page, /^Supervision/);
    const work = page.getByRole('table', { name: 'Ongoing work' });
    const bobsRow = work.getByRole('row').filter({ hasText: '+15557310001' });
    await bobsRow.waitFor();
    await page
      .getByRole('table', { name: 'Queues' })
      .getByRole('row')
      .filter({ hasText: 'SMS support' })
      .waitFor();
    await page.getByRole('table', { name: 'Agents' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'Supervision');
    await screenshot(page, 'supervision');

    await bobsRow.getByRole('button', { name: 'End' }).click();
    await bobsRow.getByRole('button', { name: 'End it' }).click();
    await bobsRow.waitFor({ state: 'detached' });
    await eventually(async () => {
      const { rows } = await demo.db.query<{ state: string }>(
        'SELECT state FROM interaction.interaction WHERE id = $1',
        [started.body.interactionId],
      );
      expect(rows[0]?.state).toMatch(/^closed_/);
    });
    await page.close();
  });

  it('an admin creates a queue, with the API’s error beside the field it names, and imports a directory with its report', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    await loginInBrowser(page, gateway, 'admin');
    await goTo(page, /^Queues/);
    await page.getByRole('button', { name: 'New queue' }).click();
    await page.getByLabel('Name').fill('VIP customers');
    await page.getByRole('button', { name: 'Add a test' }).click();
    await page.getByLabel('Field').selectOption('priority');
    await page.getByLabel('Operator').selectOption('gte');
    await page.getByLabel('Value').fill('high');
    await page.getByRole('button', { name: 'Save queue' }).click();
    // The API refuses the value (QUEUE_INVALID at condition.all[0].value); its message sits beside
    // the Value input, tied to it by aria-describedby.
    const value = page.getByLabel('Value');
    const refused = value.and(page.locator('[aria-invalid="true"]'));
    await refused.waitFor();
    const errorId = (await refused.getAttribute('aria-describedby'))?.split(' ').pop() ?? '';
    expect(await page.locator(`[id="${errorId}"]`).innerText()).toMatch(/number/i);
    await value.fill('5');
    await page.getByRole('button', { name: 'Save queue' }).click();
    await page
      .getByRole('table', { name: 'Queues' })
      .getByRole('cell', { name: 'VIP customers', exact: true })
      .waitFor();
    await expectNoSeriousA11yViolations(page, 'Queues');
    await screenshot(page, 'admin-queues');

    await goTo(page, /^Directory/);
    const csv =
      'external_id,name,email,mobile\nE-1,Katherine Johnson,kj@example.com,(555) 710-2001\nE-2,No Phone,np@example.com,not-a-number\n';
    await page
      .getByLabel('Directory file')
      .setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('[data-testid="import-progress"]', { hasText: '2 of 2' }).waitFor({ timeout: 30_000 });
    const rejected = page.getByRole('table', { name: 'Rejected rows' });
    await rejected.getByRole('row').filter({ hasText: 'mobile' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'Directory');
    await screenshot(page, 'admin-directory');
    await page.close();
  });

  it('New SMS warns before closing someone else’s conversation about another user (SPEC A4), then sends', async () => {
    const alice = await demo.login('alice');
    // A conversation with a number nobody in the directory has: its requester is the guest.
    const number = '+15557320001';
    const held = await startConversation(alice, { companyAddress: SUPPORT, to: number, body: 'Hello' });
    expect(held.body.rule).toBe('A1');

    const page = await browser.newPage({ width: 1280, height: 900 });
    await loginInBrowser(page, gateway, 'bob');
    await goTo(page, /^New SMS/);
    await page.getByLabel('Company number').selectOption(SUPPORT);
    await page.getByLabel('Requester number').fill('555-732-0001');
    expect(await page.locator('[data-testid="e164"]').innerText()).toContain(number);
    await page.getByLabel('Directory user').fill('Grace');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('button', { name: GRACE.name }).click();
    await page.getByLabel('Message').fill('Hello Grace');
    await page.getByRole('button', { name: 'Check' }).click();
    const warning = page.locator('[data-testid="precheck-warning"]');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/A4|another|different/i);
    await expectNoSeriousA11yViolations(page, 'New SMS');
    await screenshot(page, 'new-sms');

    await page.getByRole('button', { name: 'Send anyway' }).click();
    await page.waitForURL('**/app/conversations/*');
    await eventually(async () => expect(await demo.bodiesReceivedBy(number)).toContain('Hello Grace'));
    await page.close();
  });

  it.each([
    [1280, 800],
    [390, 844],
  ])(
    'every page at %i px: nothing wider than the screen, no serious axe violation, reachable by keyboard',
    async (width, height) => {
      const page = await browser.newPage({ width, height });
      await loginInBrowser(page, gateway, 'admin');
      const pages: Array<[RegExp, string]> = [
        [/^Inbox/, 'Inbox'],
        [/^Ongoing/, 'Ongoing'],
        [/^New SMS/, 'New SMS'],
        [/^Supervision/, 'Supervision'],
        [/^Search/, 'Search'],
        [/^Queues/, 'Queues'],
        [/^Capacity/, 'Capacity'],
        [/^Messaging actions/, 'Messaging actions'],
        [/^Company numbers/, 'Company numbers'],
        [/^Directory/, 'Directory'],
      ];
      for (const [link, title] of pages) {
        await page.keyboard.press('Home');
        await page.locator('body').focus();
        await tabTo(page, link, 60);
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { level: 1, name: new RegExp(title, 'i') }).waitFor();
        expect(await hasHorizontalOverflow(page)).toBe(false);
        await expectNoSeriousA11yViolations(page, `${title} at ${width} px`);
      }
      await page.close();
    },
  );
});
