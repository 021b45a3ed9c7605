import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderSimulator } from '../src';
import { type FakeGateway, startWithGateway, stopWithGateway } from './fake-gateway';
import { callJson } from './sim-http';

const SMS_PATH = '/webhooks/twilio/sms';
const PHONE = '+15551230001';
const COMPANY = '+15550100001';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32, 9),
]);

describe('S5: MMS in the simulator', () => {
  let gateway: FakeGateway;
  let simulator: ProviderSimulator;
  let images: Server;

  beforeEach(async () => {
    ({ gateway, simulator } = await startWithGateway((fake) => ({ inboundWebhookUrl: fake.url(SMS_PATH) })));
    images = createServer((request, response) => {
      if (request.url === '/good.png') {
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(PNG);
      } else {
        response.writeHead(403).end();
      }
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    await stopWithGateway({ gateway, simulator });
    await new Promise((resolve) => images.close(resolve));
  });

  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('S5: a phone’s image reaches the gateway as a Twilio media URL that wants the account’s basic auth', async () => {
    const answer = await callJson(
      'POST',
      `${simulator.url}/sim/phones/${encodeURIComponent(PHONE)}/messages`,
      {
        to: COMPANY,
        body: '',
        images: [{ contentType: 'image/png', base64: PNG.toString('base64') }],
      },
    );
    expect(answer.status).toBe(201);
    const params = gateway.received[0]!.params;
    expect(params).toMatchObject({ NumMedia: '1', MediaContentType0: 'image/png' });
    expect(params.MediaUrl0).toMatch(
      new RegExp(
        `^${simulator.url}/2010-04-01/Accounts/${simulator.accountSid}/Messages/SM[0-9a-f]{32}/Media/ME[0-9a-f]{32}$`,
      ),
    );

    const withAuth = await fetch(params.MediaUrl0!, {
      headers: { authorization: basic(simulator.accountSid, simulator.authToken) },
    });
    expect(withAuth.status).toBe(200);
    expect(withAuth.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await withAuth.arrayBuffer())).toEqual(PNG);
    expect((await fetch(params.MediaUrl0!)).status).toBe(401);
    expect(
      (await fetch(params.MediaUrl0!, { headers: { authorization: basic(simulator.accountSid, 'wrong') } }))
        .status,
    ).toBe(401);
  });

  it('S5: an outbound MediaUrl is fetched and the phone receives the image; a URL that refuses is a failed fetch', async () => {
    const { port } = images.address() as AddressInfo;
    const form = new URLSearchParams({ To: PHONE, From: COMPANY, Body: 'Here you go' });
    form.append('MediaUrl', `http://127.0.0.1:${port}/good.png`);
    form.append('MediaUrl', `http://127.0.0.1:${port}/forged.png`);
    const created = await fetch(
      `${simulator.url}/2010-04-01/Accounts/${simulator.accountSid}/Messages.json`,
      {
        method: 'POST',
        headers: {
          authorization: basic(simulator.accountSid, simulator.authToken),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form,
      },
    );
    expect(created.status).toBe(201);

    let inbox: Array<{ media: Array<{ url: string | null; contentType: string; error: string | null }> }> =
      [];
    for (let tries = 0; tries < 100 && inbox.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      inbox = (await callJson('GET', `${simulator.url}/sim/phones/${encodeURIComponent(PHONE)}/messages`))
        .body as typeof inbox;
    }
    const [good, forged] = inbox[0]!.media;
    expect(good).toEqual({
      url: expect.stringMatching(/^\/sim\/media\/ME/),
      contentType: 'image/png',
      error: null,
    });
    expect(forged).toMatchObject({ url: null, error: 'HTTP 403' });
    const shown = await fetch(`${simulator.url}${good!.url!}`);
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(PNG);
  });
});
