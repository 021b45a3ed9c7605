import { once } from 'node:events';
import { createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { eventually } from '@threadline/testkit';
import express from 'express';
import { type ProviderSimulator, startProviderSimulator } from '../src';
import { callJson, messageSidOf } from './sim-http';

const PHONE = '+15551230001';
const FAILING_PHONE = '+15550009999';
const TELNYX_NUMBER = '+15550100003';
const TWILIO_NUMBER = '+15550100001';

interface Posted {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  event: { data: { event_type: string; payload: Record<string, unknown> } };
}

/** Plays sms-gateway's Telnyx webhook: keeps every JSON event posted, with its raw body. */
async function telnyxReceiver() {
  const posted: Posted[] = [];
  const app = express();
  app.use(express.raw({ type: 'application/json' }));
  app.post('/{*path}', (req, res) => {
    const raw = (req.body as Buffer).toString('utf8');
    posted.push({
      path: req.originalUrl,
      headers: req.headers,
      raw,
      event: JSON.parse(raw) as Posted['event'],
    });
    res.status(200).json({ outcome: 'accepted' });
  });
  const server: Server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { posted, url: `http://127.0.0.1:${address.port}`, server };
}

describe('the simulator speaks Telnyx', () => {
  let receiver: Awaited<ReturnType<typeof telnyxReceiver>>;
  let simulator: ProviderSimulator;

  beforeEach(async () => {
    receiver = await telnyxReceiver();
    simulator = await startProviderSimulator({
      port: 0,
      statusDelayMs: 5,
      telnyxWebhookUrl: `${receiver.url}/webhooks/telnyx`,
      failingNumbers: [{ phone: FAILING_PHONE, status: 'undelivered', errorCode: 40300 }],
    });
  });

  afterEach(async () => {
    await simulator.stop();
    receiver.server.closeAllConnections();
    receiver.server.close();
  });

  /** Whether Telnyx's signature over the posted event verifies with the simulator's public key. */
  function signedBySimulator(post: Posted): boolean {
    const key = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: Buffer.from(simulator.telnyxPublicKey, 'base64').toString('base64url'),
      },
      format: 'jwk',
    });
    const timestamp = String(post.headers['telnyx-timestamp']);
    const signature = Buffer.from(String(post.headers['telnyx-signature-ed25519']), 'base64');
    return verify(null, Buffer.from(`${timestamp}|${post.raw}`), key, signature);
  }

  function send(body: Record<string, unknown>, apiKey = simulator.telnyxApiKey) {
    return fetch(`${simulator.url}/v2/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('takes POST /v2/messages from a Telnyx number and reports message.sent then message.finalized, signed', async () => {
    const webhookUrl = `${receiver.url}/webhooks/telnyx?outboundId=o-1`;
    const response = await send({
      from: TELNYX_NUMBER,
      to: PHONE,
      text: 'Your order shipped',
      webhook_url: webhookUrl,
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string; to: Array<{ status: string }> } };
    expect(data.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.to[0]!.status).toBe('queued');

    await eventually(() => expect(receiver.posted).toHaveLength(2));
    const [sent, finalized] = receiver.posted;
    expect(sent!.path).toBe('/webhooks/telnyx?outboundId=o-1');
    expect(sent!.event.data).toMatchObject({
      event_type: 'message.sent',
      payload: { id: data.id, to: [{ status: 'sent' }] },
    });
    expect(finalized!.event.data).toMatchObject({
      event_type: 'message.finalized',
      payload: { id: data.id, to: [{ status: 'delivered' }], errors: [] },
    });
    expect(receiver.posted.every(signedBySimulator)).toBe(true);

    const inbox = await callJson('GET', `${simulator.url}/sim/phones/${encodeURIComponent(PHONE)}/messages`);
    expect(inbox.body).toEqual([
      expect.objectContaining({ sid: data.id, from: TELNYX_NUMBER, body: 'Your order shipped' }),
    ]);
    expect((await callJson('GET', `${simulator.url}/sim/messages/${data.id}`)).body).toMatchObject({
      provider: 'telnyx',
    });
  });

  it('reports a failing phone as delivery_failed with the error code', async () => {
    await send({ from: TELNYX_NUMBER, to: FAILING_PHONE, text: 'x', webhook_url: `${receiver.url}/w` });
    await eventually(() => expect(receiver.posted).toHaveLength(2));
    expect(receiver.posted[1]!.event.data).toMatchObject({
      event_type: 'message.finalized',
      payload: { to: [{ status: 'delivery_failed' }], errors: [{ code: '40300' }] },
    });
  });

  it('answers 401 to a wrong API key and 400 40305 to a from number of another provider', async () => {
    const wrongKey = await send({ from: TELNYX_NUMBER, to: PHONE, text: 'x' }, 'KEY-wrong');
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ errors: [{ code: '10009' }] });
    const notOurs = await send({ from: TWILIO_NUMBER, to: PHONE, text: 'x' });
    expect(notOurs.status).toBe(400);
    expect(await notOurs.json()).toMatchObject({ errors: [{ code: '40305' }] });
  });

  it('posts a signed message.received when a phone texts a Telnyx number, and Twilio’s form for others stays as it was', async () => {
    const answer = await callJson(
      'POST',
      `${simulator.url}/sim/phones/${encodeURIComponent(PHONE)}/messages`,
      {
        to: TELNYX_NUMBER,
        body: 'Where is my order?',
      },
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ webhook: { status: 200, attempts: 1 } });
    expect(receiver.posted).toHaveLength(1);
    const [received] = receiver.posted;
    expect(received!.path).toBe('/webhooks/telnyx');
    expect(received!.headers['content-type']).toBe('application/json');
    expect(received!.event.data).toMatchObject({
      event_type: 'message.received',
      payload: {
        id: messageSidOf(answer),
        from: { phone_number: PHONE },
        to: [{ phone_number: TELNYX_NUMBER }],
        text: 'Where is my order?',
        media: [],
      },
    });
    expect(signedBySimulator(received!)).toBe(true);
  });
});
