import { eventually } from '@threadline/testkit';
import { acceptedButAnswered, accepted, newMessageSid, refused } from './support/fake-twilio-api';
import { ADA, Gateway, SUPPORT, sendCommand } from './support/gateway';

/** Three attempts keep the platform's back-off (0.5 s, then 1 s, with jitter) short for a test. */
const MAX_ATTEMPTS = 3;

describe('sms-gateway: transient provider failures and retries (S3)', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await Gateway.start({ SMS_SEND_MAX_ATTEMPTS: String(MAX_ATTEMPTS) });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  async function statusEventsOf(outboundId: string) {
    return (await gateway.published('sms.outbound.status-changed.v1')).filter(
      (event) => event.data.outboundId === outboundId,
    );
  }

  async function onlyStatusOf(outboundId: string) {
    const [event] = await eventually(
      async () => {
        const events = await statusEventsOf(outboundId);
        expect(events).toHaveLength(1);
        return events;
      },
      { timeoutMs: 20_000 },
    );
    return event!.data;
  }

  it('S3: retries a provider that stays unavailable up to SMS_SEND_MAX_ATTEMPTS, then records failed with the last code and PROVIDER_UNAVAILABLE, never a dead letter', async () => {
    const command = sendCommand();
    gateway.api.script(
      command.data.body,
      refused(500, 20500, 'internal error'),
      refused(429, 20429, 'too many requests'),
      refused(503, 20503, 'service unavailable'),
      accepted(),
    );
    await gateway.publish(command);

    expect(await onlyStatusOf(command.data.outboundId)).toMatchObject({
      providerMessageId: null,
      status: 'failed',
      errorCode: 'HTTP_503',
      reason: 'PROVIDER_UNAVAILABLE',
    });
    await gateway.sendsSettled();
    expect(gateway.api.sendsOf(command.data.body)).toHaveLength(MAX_ATTEMPTS);
    expect(await gateway.query(`SELECT 1 FROM dead_letter WHERE event_id = $1`, [command.id])).toEqual([]);
    expect(
      await gateway.query(`SELECT status, error_code FROM outbound_message WHERE id = $1`, [
        command.data.outboundId,
      ]),
    ).toEqual([{ status: 'failed', error_code: 'HTTP_503' }]);
  });

  it('S3: no duplicate by our retry: the provider took the message but its answer was lost (503), so the retry adopts it and the phone gets it once', async () => {
    const command = sendCommand();
    const sid = newMessageSid();
    gateway.api.script(command.data.body, acceptedButAnswered(503, sid));
    await gateway.publish(command);

    expect(await onlyStatusOf(command.data.outboundId)).toMatchObject({
      providerMessageId: sid,
      status: 'queued',
      errorCode: null,
    });
    await gateway.sendsSettled();
    expect(gateway.api.sendsOf(command.data.body)).toHaveLength(1);
    expect(gateway.api.lookups).toContainEqual(expect.objectContaining({ To: ADA, From: SUPPORT }));
  });

  it('S3: does not adopt a message of another send with the same text to the same phone; sends this one', async () => {
    const first = sendCommand();
    await gateway.publish(first);
    const firstSid = (await onlyStatusOf(first.data.outboundId)).providerMessageId;

    const second = sendCommand({ body: first.data.body });
    gateway.api.script(first.data.body, refused(500, 20500, 'internal error'), accepted());
    await gateway.publish(second);

    const secondSid = (await onlyStatusOf(second.data.outboundId)).providerMessageId;
    expect(secondSid).toMatch(/^SM/);
    expect(secondSid).not.toBe(firstSid);
    await gateway.sendsSettled();
    expect(gateway.api.sendsOf(first.data.body)).toHaveLength(3);
  });
});
