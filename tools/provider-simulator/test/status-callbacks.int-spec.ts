import twilio from 'twilio';
import type { ProviderSimulator } from '../src';
import { type FakeGateway, startWithGateway, stopWithGateway } from './fake-gateway';
import { callJson, stringField } from './sim-http';
import { eventually } from '@threadline/testkit';

const STATUS_PATH = '/webhooks/twilio/status';
const PHONE = '+15551230001';
const COMPANY = '+15550100001';
const CONFIGURED_TO_FAIL = '+15550009999';

describe('outbound delivery and status callbacks', () => {
  let gateway: FakeGateway;
  let simulator: ProviderSimulator;

  beforeEach(async () => {
    ({ gateway, simulator } = await startWithGateway(() => ({
      statusDelayMs: 5,
      failingNumbers: [{ phone: CONFIGURED_TO_FAIL, status: 'undelivered', errorCode: 30003 }],
    })));
  });

  afterEach(async () => {
    await stopWithGateway({ gateway, simulator });
  });

  async function sendFromApi(
    to: string,
    body: string,
    statusCallback = gateway.url(STATUS_PATH),
  ): Promise<string> {
    const response = await fetch(
      `${simulator.url}/2010-04-01/Accounts/${simulator.accountSid}/Messages.json`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${simulator.accountSid}:${simulator.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: to, From: COMPANY, Body: body, StatusCallback: statusCallback }),
      },
    );
    expect(response.status).toBe(201);
    return stringField(await response.json(), 'sid');
  }

  const inbox = async (phone: string) =>
    (await callJson('GET', `${simulator.url}/sim/phones/${encodeURIComponent(phone)}/messages`)).body;

  it('should post sent then delivered, each signed like a Twilio webhook', async () => {
    const sid = await sendFromApi(PHONE, 'Your refund is on its way');

    const callbacks = await eventually(() => {
      const received = gateway.requestsTo(STATUS_PATH);
      expect(received).toHaveLength(2);
      return received;
    });

    expect(callbacks.map((callback) => callback.params.MessageStatus)).toEqual(['sent', 'delivered']);
    for (const callback of callbacks) {
      const signature = String(callback.headers['x-twilio-signature']);
      expect(twilio.validateRequest(simulator.authToken, signature, callback.url, callback.params)).toBe(
        true,
      );
      expect(callback.params).toEqual({
        MessageSid: sid,
        MessageStatus: callback.params.MessageStatus,
        SmsSid: sid,
        SmsStatus: callback.params.MessageStatus,
        AccountSid: simulator.accountSid,
        From: COMPANY,
        To: PHONE,
        ApiVersion: '2010-04-01',
      });
    }
  });

  it("should put a delivered message in the phone's inbox", async () => {
    const sid = await sendFromApi(PHONE, 'We are looking into it');

    const received = await eventually(async () => {
      const messages = await inbox(PHONE);
      expect(messages).toHaveLength(1);
      return messages;
    });

    expect(received).toEqual([
      {
        sid,
        from: COMPANY,
        to: PHONE,
        body: 'We are looking into it',
        mediaUrls: [],
        media: [],
        status: 'delivered',
        dateCreated: expect.any(String),
      },
    ]);
  });

  it('should keep the inbox oldest first', async () => {
    const first = await sendFromApi(PHONE, 'one');
    await eventually(async () => expect(await inbox(PHONE)).toHaveLength(1));
    const second = await sendFromApi(PHONE, 'two');

    const sids = await eventually(async () => {
      const messages = await inbox(PHONE);
      expect(messages).toHaveLength(2);
      return messages;
    });

    expect(sids).toMatchObject([{ sid: first }, { sid: second }]);
  });

  it('should fail a configured number: sent, then undelivered with its ErrorCode, and nothing in the inbox', async () => {
    const sid = await sendFromApi(CONFIGURED_TO_FAIL, 'This will not arrive');

    const callbacks = await eventually(() => {
      const received = gateway.requestsTo(STATUS_PATH);
      expect(received).toHaveLength(2);
      return received;
    });

    expect(callbacks.map((callback) => callback.params.MessageStatus)).toEqual(['sent', 'undelivered']);
    expect(callbacks[0]?.params).not.toHaveProperty('ErrorCode');
    expect(callbacks[1]?.params).toMatchObject({
      MessageSid: sid,
      SmsStatus: 'undelivered',
      ErrorCode: '30003',
    });
    expect(await inbox(CONFIGURED_TO_FAIL)).toEqual([]);
    const message = await callJson('GET', `${simulator.url}/sim/messages/${sid}`);
    expect(message.body).toMatchObject({ status: 'undelivered', errorCode: 30003 });
  });

  it('should fail a number set through the API with `failed`, until the failure is cleared', async () => {
    const failurePath = `${simulator.url}/sim/phones/${encodeURIComponent(PHONE)}/failure`;
    const set = await callJson('PUT', failurePath, { status: 'failed', errorCode: 30005 });
    expect(set).toEqual({ status: 200, body: { phone: PHONE, status: 'failed', errorCode: 30005 } });

    const failedSid = await sendFromApi(PHONE, 'lost');
    await eventually(() => expect(gateway.requestsTo(STATUS_PATH)).toHaveLength(2));
    expect(gateway.requestsTo(STATUS_PATH)[1]?.params).toMatchObject({
      MessageSid: failedSid,
      MessageStatus: 'failed',
      ErrorCode: '30005',
    });

    expect((await callJson('DELETE', failurePath)).status).toBe(204);
    const deliveredSid = await sendFromApi(PHONE, 'found');
    await eventually(async () => expect(await inbox(PHONE)).toMatchObject([{ sid: deliveredSid }]));
  });

  it('should record the status history and each callback with the HTTP status it got', async () => {
    gateway.replyWith(500, 204);
    const sid = await sendFromApi(PHONE, 'record me');

    const message = await eventually(async () => {
      const answer = await callJson('GET', `${simulator.url}/sim/messages/${sid}`);
      expect(answer.body).toMatchObject({ status: 'delivered', webhookAttempts: [{}, {}] });
      return answer.body;
    });

    expect(message).toMatchObject({
      direction: 'outbound-api',
      statusCallback: gateway.url(STATUS_PATH),
      statusHistory: [{ status: 'queued' }, { status: 'sent' }, { status: 'delivered' }],
      webhookAttempts: [
        { kind: 'status-callback', messageStatus: 'sent', attempt: 1, httpStatus: 500, error: 'HTTP 500' },
        { kind: 'status-callback', messageStatus: 'delivered', attempt: 1, httpStatus: 204, error: null },
      ],
    });
    // Twilio does not retry status callbacks.
    expect(gateway.requestsTo(STATUS_PATH)).toHaveLength(2);
  });

  it('should advance the status without callbacks when no StatusCallback was given', async () => {
    const response = await fetch(
      `${simulator.url}/2010-04-01/Accounts/${simulator.accountSid}/Messages.json`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${simulator.accountSid}:${simulator.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: PHONE, From: COMPANY, Body: 'quiet' }),
      },
    );
    const sid = stringField(await response.json(), 'sid');

    await eventually(async () => expect(await inbox(PHONE)).toMatchObject([{ sid, status: 'delivered' }]));
    expect(gateway.received).toHaveLength(0);
  });

  it('should forget messages, inboxes and API-set failures on reset but keep configured failures', async () => {
    await callJson('PUT', `${simulator.url}/sim/phones/${encodeURIComponent('+15551230002')}/failure`, {
      status: 'failed',
      errorCode: 30005,
    });
    const sid = await sendFromApi(PHONE, 'before reset');
    await eventually(async () => expect(await inbox(PHONE)).toHaveLength(1));

    expect((await callJson('POST', `${simulator.url}/sim/reset`)).status).toBe(204);

    expect(await inbox(PHONE)).toEqual([]);
    expect((await callJson('GET', `${simulator.url}/sim/messages/${sid}`)).status).toBe(404);
    await sendFromApi('+15551230002', 'no longer failing');
    await eventually(async () => expect(await inbox('+15551230002')).toHaveLength(1));
    await sendFromApi(CONFIGURED_TO_FAIL, 'still failing');
    await eventually(() =>
      expect(gateway.requestsTo(STATUS_PATH).map((callback) => callback.params.MessageStatus)).toContain(
        'undelivered',
      ),
    );
  });
});
