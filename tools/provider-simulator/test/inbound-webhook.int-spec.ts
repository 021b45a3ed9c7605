import twilio from 'twilio';
import type { ProviderSimulator } from '../src';
import { type FakeGateway, refusedUrl, startWithGateway, stopWithGateway } from './fake-gateway';
import { callJson, messageSidOf } from './sim-http';

const SMS_PATH = '/webhooks/twilio/sms';
const PHONE = '+15551230001';
const COMPANY = '+15550100001';

describe('inbound SMS webhook', () => {
  let gateway: FakeGateway;
  let simulator: ProviderSimulator;

  beforeEach(async () => {
    ({ gateway, simulator } = await startWithGateway((fake) => ({ inboundWebhookUrl: fake.url(SMS_PATH) })));
  });

  afterEach(async () => {
    await stopWithGateway({ gateway, simulator });
  });

  const send = (body: unknown, phone = PHONE) =>
    callJson('POST', `${simulator.url}/sim/phones/${encodeURIComponent(phone)}/messages`, body);

  it("should post Twilio's inbound form, signed so that twilio.validateRequest accepts it", async () => {
    const answer = await send({ to: COMPANY, body: 'Where is my order?' });

    expect(answer.status).toBe(201);
    const [request] = gateway.received;
    const signature = request?.headers['x-twilio-signature'];
    expect(typeof signature).toBe('string');
    expect(
      twilio.validateRequest(
        simulator.authToken,
        String(signature),
        request?.url ?? '',
        request?.params ?? {},
      ),
    ).toBe(true);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const sid = request?.params.MessageSid;
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(request?.params).toEqual({
      MessageSid: sid,
      SmsSid: sid,
      SmsMessageSid: sid,
      AccountSid: simulator.accountSid,
      From: PHONE,
      To: COMPANY,
      Body: 'Where is my order?',
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    });
    expect(answer.body).toEqual({
      messageSid: sid,
      webhook: { status: 200, attempts: 1, latencyMs: expect.any(Number) },
    });
  });

  it('should not validate with a different auth token', async () => {
    await send({ to: COMPANY, body: 'hello' });
    const [request] = gateway.received;
    const signature = String(request?.headers['x-twilio-signature']);
    expect(
      twilio.validateRequest('another-token', signature, request?.url ?? '', request?.params ?? {}),
    ).toBe(false);
  });

  it('should number media URLs and content types and accept a URL-encoded or plain + in the path', async () => {
    await send({ to: COMPANY, body: '', mediaUrls: ['https://example.com/receipt.jpg'] }, PHONE);
    const plusPath = await callJson('POST', `${simulator.url}/sim/phones/${PHONE}/messages`, {
      to: COMPANY,
      body: 'again',
    });

    expect(plusPath.status).toBe(201);
    expect(gateway.received[0]?.params).toMatchObject({
      NumMedia: '1',
      MediaUrl0: 'https://example.com/receipt.jpg',
      MediaContentType0: 'image/jpeg',
    });
    expect(gateway.received[1]?.params.From).toBe(PHONE);
  });

  it('should retry once with the same MessageSid and signature when the gateway answers 500', async () => {
    gateway.replyWith(500, 200);

    const answer = await send({ to: COMPANY, body: 'retry me' });

    expect(answer.body).toMatchObject({ webhook: { status: 200, attempts: 2 } });
    const [first, second] = gateway.received;
    expect(gateway.received).toHaveLength(2);
    expect(second?.params).toEqual(first?.params);
    expect(second?.headers['x-twilio-signature']).toBe(first?.headers['x-twilio-signature']);
    expect(second?.headers['i-twilio-idempotency-token']).toBe(first?.headers['i-twilio-idempotency-token']);
  });

  it('should retry only once and report the last status when the gateway keeps failing', async () => {
    gateway.replyWith(503, 500);

    const answer = await send({ to: COMPANY, body: 'no luck' });

    expect(answer.body).toMatchObject({ webhook: { status: 500, attempts: 2 } });
    expect(gateway.received).toHaveLength(2);
  });

  it('should report a null status when the gateway cannot be reached', async () => {
    await callJson('PUT', `${simulator.url}/sim/numbers/${encodeURIComponent(COMPANY)}/webhook`, {
      url: await refusedUrl('/webhooks/twilio/sms'),
    });

    const answer = await send({ to: COMPANY, body: 'anyone?' });

    expect(answer.body).toMatchObject({ webhook: { status: null, attempts: 2 } });
    const messageSid = messageSidOf(answer);
    const message = await callJson('GET', `${simulator.url}/sim/messages/${messageSid}`);
    expect(message.body).toMatchObject({
      direction: 'inbound',
      status: 'received',
      webhookAttempts: [
        { kind: 'inbound', attempt: 1, httpStatus: null, error: expect.stringContaining('ECONNREFUSED') },
        { kind: 'inbound', attempt: 2, httpStatus: null },
      ],
    });
  });

  it('should post to the webhook set for the company number, signing that URL', async () => {
    const otherPath = '/other/sms?tenant=billing';
    await callJson('PUT', `${simulator.url}/sim/numbers/${encodeURIComponent('+15550100002')}/webhook`, {
      url: gateway.url(otherPath),
    });

    await send({ to: '+15550100002', body: 'billing question' });
    await send({ to: COMPANY, body: 'support question' });

    const [billing, support] = gateway.received;
    expect(billing?.url).toBe(gateway.url(otherPath));
    expect(support?.path).toBe(SMS_PATH);
    const signature = String(billing?.headers['x-twilio-signature']);
    expect(
      twilio.validateRequest(simulator.authToken, signature, gateway.url(otherPath), billing?.params ?? {}),
    ).toBe(true);
  });

  it('should record the inbound message with its webhook attempts', async () => {
    gateway.replyWith(500);
    const answer = await send({ to: COMPANY, body: 'keep a record' });
    const messageSid = messageSidOf(answer);

    const message = await callJson('GET', `${simulator.url}/sim/messages/${messageSid}`);

    expect(message.status).toBe(200);
    expect(message.body).toMatchObject({
      sid: messageSid,
      direction: 'inbound',
      from: PHONE,
      to: COMPANY,
      body: 'keep a record',
      status: 'received',
      statusHistory: [{ status: 'received', errorCode: null }],
      webhookAttempts: [
        {
          kind: 'inbound',
          url: gateway.url(SMS_PATH),
          messageStatus: 'received',
          attempt: 1,
          httpStatus: 500,
        },
        {
          kind: 'inbound',
          url: gateway.url(SMS_PATH),
          messageStatus: 'received',
          attempt: 2,
          httpStatus: 200,
        },
      ],
    });
  });

  it.each([
    ['a phone that is not E.164', '5551230001', { to: COMPANY, body: 'x' }, 'PHONE_NUMBER_INVALID'],
    ['a company number that is not E.164', PHONE, { to: 'support', body: 'x' }, 'PHONE_NUMBER_INVALID'],
    ['a missing body', PHONE, { to: COMPANY }, 'VALIDATION_FAILED'],
  ])('should answer 400 for %s without posting anything', async (_case, phone, body, code) => {
    const answer = await send(body, phone);

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
    expect(gateway.received).toHaveLength(0);
  });

  it('should answer 400 VALIDATION_FAILED for malformed JSON', async () => {
    const response = await fetch(`${simulator.url}/sim/phones/${encodeURIComponent(PHONE)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"to":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('inbound SMS webhook timeout', () => {
  let gateway: FakeGateway;
  let simulator: ProviderSimulator;

  beforeEach(async () => {
    ({ gateway, simulator } = await startWithGateway((fake) => ({
      inboundWebhookUrl: fake.url(SMS_PATH),
      webhookTimeoutMs: 200,
    })));
  });

  afterEach(async () => {
    await stopWithGateway({ gateway, simulator });
  });

  it('should retry once with the same MessageSid when the gateway does not answer in time', async () => {
    gateway.replyWith('hang', 200);

    const answer = await callJson(
      'POST',
      `${simulator.url}/sim/phones/${encodeURIComponent(PHONE)}/messages`,
      {
        to: COMPANY,
        body: 'slow gateway',
      },
    );

    expect(answer.body).toMatchObject({ webhook: { status: 200, attempts: 2 } });
    const [first, second] = gateway.received;
    expect(second?.params.MessageSid).toBe(first?.params.MessageSid);
    const messageSid = messageSidOf(answer);
    const message = await callJson('GET', `${simulator.url}/sim/messages/${messageSid}`);
    expect(message.body).toMatchObject({
      webhookAttempts: [
        { attempt: 1, httpStatus: null, error: 'no answer within 200 ms' },
        { attempt: 2, httpStatus: 200, error: null },
      ],
    });
  });
});
