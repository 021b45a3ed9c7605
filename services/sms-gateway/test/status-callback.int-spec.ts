import { randomBytes } from 'node:crypto';
import { eventually } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { newMessageSid, type Answer } from './support/fake-twilio-api';
import { ACCOUNT_SID, Gateway, sendCommand } from './support/gateway';
import { advisoryLockWaiters } from './support/locks';
import { errorCodeOf, type Form } from './support/twilio-webhooks';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

interface Sent {
  outboundId: string;
  interactionId: string | null;
  providerMessageId: string;
  /** The StatusCallback URL the gateway gave Twilio for this message. */
  statusCallback: string;
}

describe('sms-gateway: delivery reports (POST /webhooks/twilio/status)', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await Gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  async function statusesOf(outboundId: string) {
    return (await gateway.published('sms.outbound.status-changed.v1'))
      .filter((event) => event.data.outboundId === outboundId)
      .map((event) => event.data);
  }

  /** Sends a message through the gateway and waits until it is queued. */
  async function sent(...answers: Answer[]): Promise<Sent> {
    const command = sendCommand();
    if (answers.length > 0) gateway.api.script(command.data.body, ...answers);
    await gateway.publish(command);
    const [queued] = await eventually(async () => {
      const statuses = await statusesOf(command.data.outboundId);
      expect(statuses.map((status) => status.status)).toContain('queued');
      return statuses;
    });
    return {
      outboundId: command.data.outboundId,
      interactionId: command.data.interactionId,
      providerMessageId: queued!.providerMessageId!,
      statusCallback: gateway.api.sendsOf(command.data.body)[0]!.form.StatusCallback!,
    };
  }

  function report(message: Pick<Sent, 'providerMessageId'>, status: string, extra: Form = {}): Form {
    return {
      AccountSid: ACCOUNT_SID,
      ApiVersion: '2010-04-01',
      MessageSid: message.providerMessageId,
      SmsSid: message.providerMessageId,
      MessageStatus: status,
      SmsStatus: status,
      ...extra,
    };
  }

  /** Posts a report to the StatusCallback URL of the message, as Twilio does. */
  async function callBack(message: Sent, status: string, extra: Form = {}) {
    const response = await gateway.webhooks.postTo(message.statusCallback, report(message, status, extra));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(EMPTY_TWIML);
  }

  const storedStatus = async (outboundId: string) =>
    (
      await gateway.query<{ status: string; error_code: string | null }>(
        `SELECT status, error_code FROM outbound_message WHERE id = $1`,
        [outboundId],
      )
    )[0];

  it('S3: sent, then delivered: both announced, in order', async () => {
    const message = await sent();
    await callBack(message, 'sent');
    await callBack(message, 'delivered');

    expect(await statusesOf(message.outboundId)).toEqual([
      expect.objectContaining({ status: 'queued' }),
      {
        outboundId: message.outboundId,
        providerMessageId: message.providerMessageId,
        status: 'sent',
        errorCode: null,
        reason: null,
        interactionId: message.interactionId,
      },
      expect.objectContaining({ status: 'delivered', errorCode: null }),
    ]);
    expect(await storedStatus(message.outboundId)).toEqual({ status: 'delivered', error_code: null });
  });

  it('S3: a late sent after delivered changes nothing and announces nothing', async () => {
    const message = await sent();
    await callBack(message, 'delivered');
    await callBack(message, 'sent');

    expect((await statusesOf(message.outboundId)).map((status) => status.status)).toEqual([
      'queued',
      'delivered',
    ]);
    expect(await storedStatus(message.outboundId)).toEqual({ status: 'delivered', error_code: null });
    expect(
      await gateway.query(
        `SELECT provider_status FROM status_callback WHERE provider_message_id = $1 ORDER BY id`,
        [message.providerMessageId],
      ),
    ).toEqual([{ provider_status: 'delivered' }, { provider_status: 'sent' }]);
  });

  it('S3: undelivered carries Twilio’s error code and its stable reason', async () => {
    const message = await sent();
    await callBack(message, 'undelivered', { ErrorCode: '30003' });

    expect((await statusesOf(message.outboundId)).at(-1)).toMatchObject({
      status: 'undelivered',
      errorCode: '30003',
      reason: 'UNREACHABLE',
    });
    expect(await storedStatus(message.outboundId)).toEqual({ status: 'undelivered', error_code: '30003' });
  });

  it('records a repeated report once and announces it once', async () => {
    const message = await sent();
    await callBack(message, 'delivered');
    await callBack(message, 'delivered');

    const callbacks = await gateway.query(`SELECT 1 FROM status_callback WHERE provider_message_id = $1`, [
      message.providerMessageId,
    ]);
    expect(callbacks).toHaveLength(1);
    expect((await statusesOf(message.outboundId)).map((status) => status.status)).toEqual([
      'queued',
      'delivered',
    ]);
  });

  it('matches a report by MessageSid alone when its URL carries no outboundId', async () => {
    const message = await sent();
    expect((await gateway.webhooks.status(report(message, 'sent'))).status).toBe(200);

    expect((await statusesOf(message.outboundId)).map((status) => status.status)).toEqual(['queued', 'sent']);
  });

  it('records but does not apply a status it does not track', async () => {
    const message = await sent();
    await callBack(message, 'scheduled');

    expect((await statusesOf(message.outboundId)).map((status) => status.status)).toEqual(['queued']);
    expect(
      await gateway.query(`SELECT provider_status FROM status_callback WHERE provider_message_id = $1`, [
        message.providerMessageId,
      ]),
    ).toEqual([{ provider_status: 'scheduled' }]);
  });

  it('S3: a report that races the send (sent before Twilio answered) still ends delivered', async () => {
    const sid = newMessageSid();
    let racingReport: Promise<Response> | undefined;
    // Like Twilio on a fast day: the delivery report is on its way before the API answered.
    // The fake answers only once the report is waiting for the send's lock.
    const reportFirst: Answer = async (send) => {
      racingReport = gateway.webhooks.postTo(
        send.form.StatusCallback!,
        report({ providerMessageId: sid }, 'delivered'),
      );
      await eventually(async () => expect(await advisoryLockWaiters(gateway)).toBe(1));
      return {
        status: 201,
        body: { sid, status: 'queued', to: send.form.To, from: send.form.From, body: send.form.Body },
      };
    };
    const message = await sent(reportFirst);

    const response = await racingReport!;
    expect(response.status).toBe(200);
    await eventually(async () =>
      expect((await statusesOf(message.outboundId)).map((status) => status.status)).toEqual([
        'queued',
        'delivered',
      ]),
    );
    expect(await storedStatus(message.outboundId)).toEqual({ status: 'delivered', error_code: null });
  });

  it('applies a report whose fields carry NUL with the characters removed, not a 500 (issue 10)', async () => {
    const message = await sent();
    const withNul = report({ providerMessageId: `${message.providerMessageId}\u0000` }, 'delivered\u0000');
    const response = await gateway.webhooks.postTo(message.statusCallback, withNul);

    expect(response.status).toBe(200);
    expect(await storedStatus(message.outboundId)).toEqual({ status: 'delivered', error_code: null });
  });

  it('refuses a report with MessageStatus sent twice: 400 WEBHOOK_FIELD_REPEATED, nothing recorded', async () => {
    const message = await sent();
    const twice = { ...report(message, 'sent'), MessageStatus: ['sent', 'delivered'] };
    const response = await gateway.webhooks.postTo(message.statusCallback, twice);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 'WEBHOOK_FIELD_REPEATED',
        message: expect.any(String),
        details: { fields: ['MessageStatus'] },
      },
    });
    expect(await storedStatus(message.outboundId)).toEqual({ status: 'queued', error_code: null });
  });

  it('answers a report about an unknown MessageSid with 404 OUTBOUND_MESSAGE_UNKNOWN', async () => {
    const unknown = { providerMessageId: newMessageSid() };
    const bySid = await gateway.webhooks.status(report(unknown, 'delivered'));
    expect(bySid.status).toBe(404);
    expect(await errorCodeOf(bySid)).toBe('OUTBOUND_MESSAGE_UNKNOWN');

    const byUrl = await gateway.webhooks.post(
      `/webhooks/twilio/status?outboundId=${uuidv7()}`,
      report(unknown, 'delivered'),
    );
    expect(byUrl.status).toBe(404);
    expect(await errorCodeOf(byUrl)).toBe('OUTBOUND_MESSAGE_UNKNOWN');
  });

  it('answers a report about a known message under another message’s outboundId with 404', async () => {
    const first = await sent();
    const second = await sent();
    const response = await gateway.webhooks.postTo(first.statusCallback, report(second, 'delivered'));
    expect(response.status).toBe(404);
    expect((await statusesOf(second.outboundId)).map((status) => status.status)).toEqual(['queued']);
  });

  it('refuses an unsigned report with 403 SIGNATURE_MISSING and a forged one with 403 SIGNATURE_INVALID', async () => {
    const message = await sent();
    const before = await gateway.count('status_callback');
    const unsigned = await gateway.webhooks.postTo(message.statusCallback, report(message, 'delivered'), {
      unsigned: true,
    });
    expect(unsigned.status).toBe(403);
    expect(await errorCodeOf(unsigned)).toBe('SIGNATURE_MISSING');

    const forged = await gateway.webhooks.postTo(message.statusCallback, report(message, 'delivered'), {
      signature: randomBytes(20).toString('base64'),
    });
    expect(forged.status).toBe(403);
    expect(await errorCodeOf(forged)).toBe('SIGNATURE_INVALID');

    expect(await gateway.count('status_callback')).toBe(before);
    expect(await storedStatus(message.outboundId)).toMatchObject({ status: 'queued' });
  });

  it('refuses a report for another Twilio account with 403 ACCOUNT_MISMATCH', async () => {
    const message = await sent();
    const response = await gateway.webhooks.postTo(
      message.statusCallback,
      report(message, 'delivered', { AccountSid: 'AC99999999999999999999999999999999' }),
    );
    expect(response.status).toBe(403);
    expect(await errorCodeOf(response)).toBe('ACCOUNT_MISMATCH');
  });

  it.each(['MessageSid', 'MessageStatus'])(
    'refuses a report without %s: 400 WEBHOOK_FIELD_MISSING',
    async (field) => {
      const message = await sent();
      const { [field]: _omitted, ...form } = report(message, 'delivered');
      const response = await gateway.webhooks.postTo(message.statusCallback, form);
      expect(response.status).toBe(400);
      expect(await errorCodeOf(response)).toBe('WEBHOOK_FIELD_MISSING');
    },
  );
});
