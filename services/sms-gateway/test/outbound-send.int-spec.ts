import { eventually } from '@threadline/testkit';
import { accepted, refused } from './support/fake-twilio-api';
import {
  ACCOUNT_SID,
  ADA,
  AUTH_TOKEN,
  Gateway,
  PUBLIC_BASE_URL,
  sendCommand,
  SUPPORT,
} from './support/gateway';

describe('sms-gateway: sending (sms.outbound.send.v1)', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await Gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  async function statusEventsOf(outboundId: string) {
    return (await gateway.published('sms.outbound.status-changed.v1')).filter(
      (event) => event.data.outboundId === outboundId,
    );
  }

  const storedMessage = async (outboundId: string) =>
    (
      await gateway.query<{ status: string; provider_message_id: string | null; error_code: string | null }>(
        `SELECT status, provider_message_id, error_code FROM outbound_message WHERE id = $1`,
        [outboundId],
      )
    )[0];

  it('S3: sends through Twilio once with the form and basic auth, and announces queued', async () => {
    const command = sendCommand();
    const { outboundId, body, interactionId } = command.data;
    await gateway.publish(command);

    const [queued] = await eventually(async () => {
      const events = await statusEventsOf(outboundId);
      expect(events).toHaveLength(1);
      return events;
    });
    const sends = gateway.api.sendsOf(body);
    expect(sends).toHaveLength(1);
    const [send] = sends;
    expect(send).toEqual({
      path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
      contentType: 'application/x-www-form-urlencoded',
      form: {
        To: ADA,
        From: SUPPORT,
        Body: body,
        StatusCallback: `${PUBLIC_BASE_URL}/webhooks/twilio/status?outboundId=${outboundId}`,
      },
    });
    const providerMessageId = queued!.data.providerMessageId;
    expect(providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(queued!.data).toEqual({
      outboundId,
      providerMessageId,
      status: 'queued',
      errorCode: null,
      reason: null,
      interactionId,
    });
    expect(queued!.correlationId).toBe(interactionId);
    expect(queued!.causationId).toBe(command.id);
    expect(await storedMessage(outboundId)).toEqual({
      status: 'queued',
      provider_message_id: providerMessageId,
      error_code: null,
    });
  });

  it('calls the provider once when the command is delivered twice, or issued again with its outboundId', async () => {
    const command = sendCommand();
    const reissued = sendCommand({ ...command.data });
    // Redelivery of the same envelope (the inbox catches it) and a second envelope with the
    // same outboundId, at the same time (the message row, under its lock, catches it).
    await Promise.all([
      gateway.publish(command),
      gateway.publish(command, `${command.id}-again`),
      gateway.publish(reissued),
    ]);
    await gateway.sendsSettled();

    expect(gateway.api.sendsOf(command.data.body)).toHaveLength(1);
    expect((await statusEventsOf(command.data.outboundId)).map((event) => event.data.status)).toEqual([
      'queued',
    ]);
  });

  it('retries when the provider fails (500), and sends once it answers 201', async () => {
    const command = sendCommand();
    gateway.api.script(command.data.body, refused(500, 20500, 'internal error'), accepted());
    await gateway.publish(command);

    await eventually(async () => {
      expect((await statusEventsOf(command.data.outboundId)).map((event) => event.data.status)).toEqual([
        'queued',
      ]);
    });
    await gateway.sendsSettled();
    expect(gateway.api.sendsOf(command.data.body)).toHaveLength(2);
    expect(await gateway.query(`SELECT 1 FROM dead_letter WHERE event_id = $1`, [command.id])).toEqual([]);
  });

  it('retries when the provider is rate limiting (429)', async () => {
    const command = sendCommand();
    gateway.api.script(command.data.body, refused(429, 20429, 'too many requests'), accepted());
    await gateway.publish(command);

    await eventually(async () => {
      expect((await statusEventsOf(command.data.outboundId)).map((event) => event.data.status)).toEqual([
        'queued',
      ]);
    });
    expect(gateway.api.sendsOf(command.data.body)).toHaveLength(2);
  });

  it('S3: records a provider refusal (400) as failed with Twilio’s error code and its reason, without retrying', async () => {
    const command = sendCommand({ to: '+15551239999' });
    gateway.api.script(
      command.data.body,
      refused(400, 21211, "The 'To' number is not a valid phone number."),
    );
    await gateway.publish(command);

    const [failed] = await eventually(async () => {
      const events = await statusEventsOf(command.data.outboundId);
      expect(events).toHaveLength(1);
      return events;
    });
    expect(failed!.data).toEqual({
      outboundId: command.data.outboundId,
      providerMessageId: null,
      status: 'failed',
      errorCode: '21211',
      reason: 'INVALID_NUMBER',
      interactionId: command.data.interactionId,
    });
    await gateway.sendsSettled();
    expect(gateway.api.sendsOf(command.data.body)).toHaveLength(1);
    expect(await storedMessage(command.data.outboundId)).toEqual({
      status: 'failed',
      provider_message_id: null,
      error_code: '21211',
    });
  });

  it('refuses to send from a number that is not an active company number: failed with the reason, never sent', async () => {
    const command = sendCommand({ from: '+15550109999' });
    await gateway.publish(command);

    const [failed] = await eventually(async () => {
      const events = await statusEventsOf(command.data.outboundId);
      expect(events).toHaveLength(1);
      return events;
    });
    expect(failed!.data).toMatchObject({ status: 'failed', errorCode: 'UNKNOWN_COMPANY_NUMBER' });
    await gateway.sendsSettled();
    expect(await gateway.query(`SELECT 1 FROM dead_letter WHERE event_id = $1`, [command.id])).toEqual([]);

    // Issued again with the same outboundId: already decided, so neither refused nor announced twice.
    const reissued = sendCommand({ ...command.data });
    await gateway.publish(reissued);
    await gateway.sendsSettled();
    expect(await gateway.query(`SELECT 1 FROM dead_letter WHERE event_id = $1`, [reissued.id])).toEqual([]);
    expect(await statusEventsOf(command.data.outboundId)).toHaveLength(1);
    expect(gateway.api.sendsOf(command.data.body)).toHaveLength(0);
  });
});
