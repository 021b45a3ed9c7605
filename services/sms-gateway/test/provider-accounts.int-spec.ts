import { eventually } from '@threadline/testkit';
import { ADA, Gateway, inboundForm, sendCommand } from './support/gateway';

const ORDERS = '+15550100003';

/** A gateway running only its Twilio account (SMS_PROVIDERS=twilio), as a Twilio-only deployment does. */
describe('sms-gateway: the provider accounts it runs (SMS_PROVIDERS)', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await Gateway.start({ SMS_PROVIDERS: 'twilio' });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('answers a Telnyx webhook 404 PROVIDER_NOT_CONFIGURED before reading it, and stores nothing', async () => {
    const answer = await fetch(`${gateway.service.url}/webhooks/telnyx`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'telnyx-signature-ed25519': Buffer.alloc(64).toString('base64'),
        'telnyx-timestamp': String(Math.floor(Date.now() / 1000)),
      },
      body: JSON.stringify({ data: { event_type: 'message.received', payload: {} } }),
    });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ error: { code: 'PROVIDER_NOT_CONFIGURED' } });
    expect(await gateway.query(`SELECT 1 FROM inbound_message`)).toEqual([]);
  });

  it('fails a send from a number of a provider it does not run (UNKNOWN_COMPANY_NUMBER), never sending it', async () => {
    const command = sendCommand({ from: ORDERS, to: ADA });
    await gateway.publish(command);
    await eventually(async () =>
      expect(
        await gateway.query(`SELECT status, error_code FROM outbound_message WHERE id = $1`, [
          command.data.outboundId,
        ]),
      ).toEqual([{ status: 'failed', error_code: 'UNKNOWN_COMPANY_NUMBER' }]),
    );
    expect(gateway.api.sends).toEqual([]);
  });

  it('still takes Twilio webhooks', async () => {
    const answer = await gateway.webhooks.inbound(inboundForm());
    expect(answer.status).toBe(200);
  });
});
