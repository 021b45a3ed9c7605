import { eventually } from '@threadline/testkit';
import { type SimulatorAndGateway, startWithGateway, stopWithGateway } from './fake-gateway';
import { callJson } from './sim-http';
import { twilioClientFor } from './twilio-client';

const ADA = '+15551230001';
const SUPPORT = '+15550100001';

describe('the demo phone page', () => {
  let system: SimulatorAndGateway;
  let url: string;

  beforeAll(async () => {
    system = await startWithGateway((gateway) => ({
      inboundWebhookUrl: gateway.url('/webhooks/twilio/sms'),
      statusDelayMs: 5,
    }));
    url = system.simulator.url;
  });

  afterAll(async () => {
    await stopWithGateway(system);
  });

  it('is where / leads', async () => {
    const response = await fetch(`${url}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/phone/');
  });

  it('serves the page with its labelled controls and message list, and its script and styles', async () => {
    const page = await fetch(`${url}/phone/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    for (const id of ['requester', 'other-number', 'company', 'body']) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toMatch(/<ol id="messages"[^>]*aria-label="Messages"[^>]*aria-live="polite"/);
    expect(html).toContain('<script src="phone.js" defer></script>');

    const script = await fetch(`${url}/phone/phone.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const source = await script.text();
    // The endpoints it drives are the simulator's own.
    expect(source).toContain('/sim/phone-book');
    expect(source).toContain('/thread');
    expect(source).toContain('/messages');

    const styles = await fetch(`${url}/phone/phone.css`);
    expect(styles.status).toBe(200);
    expect(styles.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('redirects /phone to /phone/, so the page’s relative URLs resolve', async () => {
    const response = await fetch(`${url}/phone`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/phone/');
  });

  it('offers the demo directory’s people and the company numbers', async () => {
    const answer = await callJson('GET', `${url}/sim/phone-book`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      requesters: [
        { name: 'Ada Lovelace', phone: ADA },
        { name: 'Grace Hopper', phone: '+15551230002' },
        { name: 'Alan Turing', phone: '+15551230003' },
      ],
      companyNumbers: [
        { name: 'Support', phone: SUPPORT },
        { name: 'Billing', phone: '+15550100002' },
        { name: 'Orders', phone: '+15550100003' },
      ],
    });
  });

  it('shows on the phone’s thread what the page sent (which reached the gateway) and what it received', async () => {
    const sent = await callJson('POST', `${url}/sim/phones/${encodeURIComponent(ADA)}/messages`, {
      to: SUPPORT,
      body: 'Hello from the demo phone',
    });
    expect(sent.status).toBe(201);
    expect(system.gateway.requestsTo('/webhooks/twilio/sms').map((request) => request.params)).toEqual([
      expect.objectContaining({ From: ADA, To: SUPPORT, Body: 'Hello from the demo phone' }),
    ]);

    const twilio = twilioClientFor(url, system.simulator.accountSid, system.simulator.authToken);
    await twilio.messages.create({ to: ADA, from: SUPPORT, body: 'An agent will be with you shortly' });
    // Someone else's message is not on Ada's thread.
    await twilio.messages.create({ to: '+15551230002', from: SUPPORT, body: 'Not for Ada' });

    const thread = await eventually(async () => {
      const answer = await callJson('GET', `${url}/sim/phones/${encodeURIComponent(ADA)}/thread`);
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveLength(2);
      return answer.body;
    });
    expect(thread).toEqual([
      expect.objectContaining({
        direction: 'sent',
        from: ADA,
        to: SUPPORT,
        body: 'Hello from the demo phone',
      }),
      expect.objectContaining({
        direction: 'received',
        from: SUPPORT,
        to: ADA,
        body: 'An agent will be with you shortly',
        status: 'delivered',
      }),
    ]);
  });

  it('refuses a thread of something that is not a phone number', async () => {
    const answer = await callJson('GET', `${url}/sim/phones/not-a-number/thread`);
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'PHONE_NUMBER_INVALID' } } });
  });
});
