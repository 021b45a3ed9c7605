// SPEC S2 in a real browser against the whole system: the agent watching a conversation sees the
// requester opt out and back in as it happens, and New SMS warns before texting an opted-out number.
import { type AgentClient, eventually } from '@threadline/testkit';
import type { Page } from 'playwright-core';
import {
  type BrowserSession,
  expectNoSeriousA11yViolations,
  launchBrowser,
  loginInBrowser,
} from './support/browser';
import { SUPPORT, SUPPORT_OPT_OUT_CONFIRMATION } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

describe('opt-out in the browser (SPEC S2)', () => {
  let demo: DemoSystem;
  let browser: BrowserSession;
  let alice: AgentClient;
  let gateway: string;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoSystem(), launchBrowser()]);
    gateway = demo.urls['agent-gateway'];
    alice = await demo.loginAvailable('alice');
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const text = (from: string, body: string) => demo.simulator.sendSms(from, SUPPORT, body);

  async function conversationWithAlice(phone: string, body: string): Promise<string> {
    await text(phone, body);
    const offer = await alice.waitForEvent('offer.created', (data) => data.firstMessage === body);
    const { workItemId, interactionId } = offer.data as { workItemId: string; interactionId: string };
    await alice.expect(200, 'POST', `/offers/${workItemId}/accept`);
    return interactionId;
  }

  const banner = (page: Page) => page.locator('[data-testid="opted-out"]');

  it('S2: the conversation shows "Opted out" as it happens and turns the reply box off; START turns it back on', async () => {
    const phone = '+15557330001';
    const interactionId = await conversationWithAlice(phone, 'Hi, a question about my plan');
    const page = await browser.newPage({ width: 1280, height: 800 });
    await loginInBrowser(page, gateway, 'alice');
    await page.goto(`${gateway}/app/conversations/${interactionId}`);
    await page.locator('[data-testid="message"][data-author="requester"]').first().waitFor();
    expect(await banner(page).count()).toBe(0);
    expect(await page.getByLabel('Reply').isDisabled()).toBe(false);

    await text(phone, 'STOP');
    await banner(page).waitFor();
    expect(await banner(page).innerText()).toMatch(/Opted out.*by texting STOP/s);
    expect(await page.getByLabel('Reply').isDisabled()).toBe(true);
    await eventually(async () =>
      expect(await demo.bodiesReceivedBy(phone)).toContain(SUPPORT_OPT_OUT_CONFIRMATION),
    );
    await expectNoSeriousA11yViolations(page, 'opted-out conversation');

    await text(phone, 'START');
    await banner(page).waitFor({ state: 'detached' });
    expect(await page.getByLabel('Reply').isDisabled()).toBe(false);
    await page.close();
  });

  it('S2: New SMS warns that the number opted out and keeps Send off', async () => {
    const phone = '+15557330002';
    await text(phone, 'stop');
    await eventually(async () =>
      expect(await demo.bodiesReceivedBy(phone)).toEqual([SUPPORT_OPT_OUT_CONFIRMATION]),
    );
    const page = await browser.newPage({ width: 1280, height: 900 });
    await loginInBrowser(page, gateway, 'alice');
    await page
      .getByRole('navigation', { name: 'Workspace' })
      .getByRole('link', { name: /^New SMS/ })
      .click();
    // alice may text from Support only, so the form has it already.
    await page.getByLabel('Requester number').fill('555-733-0002');
    await page.getByLabel('Message').fill('Hello again');
    await page.getByRole('button', { name: 'Check' }).click();
    const warning = page.locator('[data-testid="precheck-opted-out"]');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/texted STOP.*Sending is refused/s);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await expectNoSeriousA11yViolations(page, 'New SMS, opted out');
    await page.close();
  });
});
