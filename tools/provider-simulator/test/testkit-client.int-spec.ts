import type twilio from 'twilio';
import type { ProviderSimulator } from '../src';
import { type FakeGateway, startWithGateway, stopWithGateway } from './fake-gateway';
import { twilioClientFor } from './twilio-client';
import { eventually, ProviderSimulatorClient } from '@threadline/testkit';

const PHONE = '+15551230001';
const COMPANY = '+15550100001';

describe('ProviderSimulatorClient (testkit) against a running simulator', () => {
  let gateway: FakeGateway;
  let simulator: ProviderSimulator;
  let client: ProviderSimulatorClient;
  let sdk: twilio.Twilio;

  beforeAll(async () => {
    ({ gateway, simulator } = await startWithGateway((fake) => ({
      inboundWebhookUrl: fake.url('/webhooks/twilio/sms'),
      statusDelayMs: 5,
    })));
    client = new ProviderSimulatorClient(`${simulator.url}/`);
    sdk = twilioClientFor(simulator.url, simulator.accountSid, simulator.authToken);
  });

  beforeEach(async () => {
    await client.reset();
    gateway.received.length = 0;
  });

  afterAll(async () => {
    await stopWithGateway({ gateway, simulator });
  });

  it('should text the gateway and fetch the message with its webhook attempts', async () => {
    const result = await client.sendSms(PHONE, COMPANY, 'Hi, I need help', ['https://example.com/a.png']);

    expect(result).toEqual({
      messageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      webhook: { status: 200, attempts: 1, latencyMs: expect.any(Number) },
    });
    expect(gateway.received[0]?.params).toMatchObject({ MessageSid: result.messageSid, NumMedia: '1' });
    const message = await client.message(result.messageSid);
    expect(message).toMatchObject({
      direction: 'inbound',
      from: PHONE,
      to: COMPANY,
      mediaUrls: ['https://example.com/a.png'],
      webhookAttempts: [{ kind: 'inbound', httpStatus: 200 }],
    });
  });

  it('should list what a phone received', async () => {
    const sent = await sdk.messages.create({ to: PHONE, from: COMPANY, body: 'An agent is on it' });

    const received = await eventually(async () => {
      const messages = await client.received(PHONE);
      expect(messages).toHaveLength(1);
      return messages;
    });

    expect(received[0]).toMatchObject({
      sid: sent.sid,
      from: COMPANY,
      body: 'An agent is on it',
      status: 'delivered',
    });
  });

  it('should make a number fail and then clear it', async () => {
    await client.failNumber(PHONE, 'undelivered', 30003);
    const failed = await sdk.messages.create({ to: PHONE, from: COMPANY, body: 'lost' });
    await eventually(async () =>
      expect(await client.message(failed.sid)).toMatchObject({ status: 'undelivered' }),
    );
    expect(await client.received(PHONE)).toEqual([]);

    await client.clearFailure(PHONE);
    const delivered = await sdk.messages.create({ to: PHONE, from: COMPANY, body: 'found' });
    await eventually(async () =>
      expect(await client.received(PHONE)).toMatchObject([{ sid: delivered.sid }]),
    );
  });

  it('should route a company number to its own webhook', async () => {
    await client.setWebhook(COMPANY, gateway.url('/elsewhere'));

    await client.sendSms(PHONE, COMPANY, 'where does this go?');

    expect(gateway.received.map((request) => request.path)).toEqual(['/elsewhere']);
  });

  it('should throw with the status and body on a non-2xx answer', async () => {
    await expect(client.message('SM-unknown')).rejects.toThrow(/answered 404: .*MESSAGE_NOT_FOUND/);
    await expect(client.sendSms('not-a-phone', COMPANY, 'x')).rejects.toThrow(
      /answered 400: .*PHONE_NUMBER_INVALID/,
    );
  });
});
