import { type ProviderSimulator, startProviderSimulator } from '@threadline/provider-simulator';
import { eventually } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { ACCOUNT_SID, AUTH_TOKEN, Gateway, sendCommand } from './support/gateway';

const PHONE = '+15551230077';

describe('sms-gateway against the provider simulator: no duplicate by our retry (S3)', () => {
  let simulator: ProviderSimulator;
  let gateway: Gateway;

  beforeAll(async () => {
    simulator = await startProviderSimulator({
      port: 0,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      statusDelayMs: 50,
      logLevel: 'silent',
    });
    gateway = await Gateway.start({ TWILIO_API_BASE_URL: simulator.url, SMS_SEND_MAX_ATTEMPTS: '3' });
  });

  afterAll(async () => {
    await gateway?.stop();
    await simulator?.stop();
  });

  const sim = (method: string, path: string, body?: unknown) =>
    fetch(`${simulator.url}/sim${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('S3: the simulator takes the message but answers 500; the retry finds it in the Messages list, and the phone gets it once', async () => {
    await sim('PUT', `/phones/${encodeURIComponent(PHONE)}/lost-answers`, { status: 500, count: 1 });
    const command = sendCommand({ to: PHONE, body: `Your parcel left the depot ${uuidv7()}` });
    await gateway.publish(command);

    const [status] = await eventually(async () => {
      const events = (await gateway.published('sms.outbound.status-changed.v1')).filter(
        (event) => event.data.outboundId === command.data.outboundId,
      );
      expect(events).toHaveLength(1);
      return events;
    });
    // Adopted with the status the list shows: the simulator may have delivered it already.
    expect(status!.data).toMatchObject({ errorCode: null, providerMessageId: expect.stringMatching(/^SM/) });
    expect(['queued', 'sent', 'delivered']).toContain(status!.data.status);
    await gateway.sendsSettled();

    const inbox = await eventually(async () => {
      const received = (await (
        await sim('GET', `/phones/${encodeURIComponent(PHONE)}/messages`)
      ).json()) as Array<{
        sid: string;
        body: string;
      }>;
      expect(received.length).toBeGreaterThan(0);
      return received;
    });
    expect(inbox.filter((message) => message.body === command.data.body)).toHaveLength(1);
    expect(inbox[0]!.sid).toBe(status!.data.providerMessageId);
  });
});
