import { type ProviderSimulator, startProviderSimulator } from '../src';
import { eventually } from '@threadline/testkit';
import { callJson } from './sim-http';

const PHONE = '+15551230001';
const TWILIO_COMPANY = '+15550100001';

describe('provider outage (/sim/outage)', () => {
  let simulator: ProviderSimulator;

  beforeEach(async () => {
    simulator = await startProviderSimulator({ port: 0, statusDelayMs: 60_000, logLevel: 'silent' });
  });

  afterEach(async () => {
    await simulator.stop();
  });

  const twilioSend = (signal?: AbortSignal) =>
    fetch(`${simulator.url}/2010-04-01/Accounts/${simulator.accountSid}/Messages.json`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${simulator.accountSid}:${simulator.authToken}`).toString('base64')}`,
      },
      body: new URLSearchParams({ To: PHONE, From: TWILIO_COMPANY, Body: 'Your parcel left the depot' }),
      signal,
    });
  const telnyxSend = () =>
    fetch(`${simulator.url}/v2/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${simulator.telnyxApiKey}` },
      body: JSON.stringify({ from: '+15550100003', to: PHONE, text: 'Your parcel left the depot' }),
    });
  const sentCount = async () => {
    const answer = await callJson(
      'GET',
      `${simulator.url}/sim/numbers/${encodeURIComponent(TWILIO_COMPANY)}/sent`,
    );
    return (answer.body as unknown[]).length;
  };

  it('should answer sends with the 5xx asked for, take none, and send again once the outage ends', async () => {
    const started = await callJson('PUT', `${simulator.url}/sim/outage`, { mode: 'error', status: 502 });
    expect(started).toEqual({ status: 200, body: { outage: { mode: 'error', status: 502 } } });

    const refused = await twilioSend();
    expect(refused.status).toBe(502);
    expect(await refused.json()).toMatchObject({ status: 502, code: 20500 });
    const telnyxRefused = await telnyxSend();
    expect(telnyxRefused.status).toBe(502);
    expect(await telnyxRefused.json()).toMatchObject({ errors: [{ code: '10007' }] });
    expect(await sentCount()).toBe(0);

    expect((await callJson('DELETE', `${simulator.url}/sim/outage`)).status).toBe(204);
    expect(await callJson('GET', `${simulator.url}/sim/outage`)).toEqual({
      status: 200,
      body: { outage: null, heldSends: 0 },
    });
    expect((await twilioSend()).status).toBe(201);
    expect(await sentCount()).toBe(1);
  });

  it('should default an error outage to 503', async () => {
    const started = await callJson('PUT', `${simulator.url}/sim/outage`, { mode: 'error' });
    expect(started.body).toEqual({ outage: { mode: 'error', status: 503 } });
    expect((await twilioSend()).status).toBe(503);
  });

  it('should hold a send unanswered during a timeout outage and drop it when the outage ends', async () => {
    await callJson('PUT', `${simulator.url}/sim/outage`, { mode: 'timeout' });
    const held = twilioSend().then(
      (response) => `answered ${response.status}`,
      (error: unknown) => `dropped: ${String(error)}`,
    );
    // The send is in the simulator's hands, unanswered, until the outage ends.
    await eventually(async () => {
      const outage = await callJson('GET', `${simulator.url}/sim/outage`);
      expect(outage.body).toEqual({ outage: { mode: 'timeout' }, heldSends: 1 });
    });
    expect(await sentCount()).toBe(0);
    await callJson('DELETE', `${simulator.url}/sim/outage`);

    expect(await held).toMatch(/^dropped/);
    expect(await sentCount()).toBe(0);
  });

  it('should refuse an outage that is neither error nor timeout, or a status outside 5xx', async () => {
    const unknownMode = await callJson('PUT', `${simulator.url}/sim/outage`, { mode: 'flaky' });
    const notServerError = await callJson('PUT', `${simulator.url}/sim/outage`, {
      mode: 'error',
      status: 404,
    });

    expect(unknownMode.status).toBe(400);
    expect(unknownMode.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(notServerError.status).toBe(400);
    expect((await twilioSend()).status).toBe(201);
  });

  it('should end an outage on reset', async () => {
    await callJson('PUT', `${simulator.url}/sim/outage`, { mode: 'error' });
    await callJson('POST', `${simulator.url}/sim/reset`);
    expect((await twilioSend()).status).toBe(201);
  });
});
