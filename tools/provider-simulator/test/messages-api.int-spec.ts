import { countSegments } from '@threadline/contracts';
import { type ProviderSimulator, startProviderSimulator } from '../src';
import { stringField } from './sim-http';
import { twilioClientFor } from './twilio-client';

const PHONE = '+15551230001';
const COMPANY = '+15550100001';
const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

describe('Twilio Messages API', () => {
  let simulator: ProviderSimulator;
  let messagesUrl: string;
  let authorization: string;

  beforeAll(async () => {
    // Status changes are irrelevant here; a long delay keeps messages queued while we look.
    simulator = await startProviderSimulator({ port: 0, statusDelayMs: 60_000, logLevel: 'silent' });
    messagesUrl = `${simulator.url}/2010-04-01/Accounts/${simulator.accountSid}/Messages.json`;
    authorization = basic(simulator.accountSid, simulator.authToken);
  });

  afterAll(async () => {
    await simulator.stop();
  });

  const create = (form: URLSearchParams, auth: string | null = authorization) =>
    fetch(messagesUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(auth ? { authorization: auth } : {}),
      },
      body: form,
    });

  it("should answer 201 with Twilio's message resource", async () => {
    const form = new URLSearchParams({ To: PHONE, From: COMPANY, Body: 'Your parcel left the depot' });
    form.append('StatusCallback', 'https://gateway.example.com/webhooks/twilio/status');
    form.append('MediaUrl', 'https://example.com/a.png');
    form.append('MediaUrl', 'https://example.com/b.png');

    const response = await create(form);

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const resource: unknown = await response.json();
    const path = `/2010-04-01/Accounts/${simulator.accountSid}/Messages/${stringField(resource, 'sid')}`;
    expect(resource).toEqual({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      account_sid: simulator.accountSid,
      messaging_service_sid: null,
      to: PHONE,
      from: COMPANY,
      body: 'Your parcel left the depot',
      status: 'queued',
      num_segments: '1',
      num_media: '2',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      uri: `${path}.json`,
      date_created: expect.stringMatching(RFC_2822),
      date_updated: expect.stringMatching(RFC_2822),
      date_sent: null,
      subresource_uris: { media: `${path}/Media.json` },
    });
    expect(Math.abs(Date.parse(stringField(resource, 'date_created')) - Date.now())).toBeLessThan(5_000);
  });

  it('should list what a company number sent, with arrival times to the millisecond', async () => {
    const from = '+15550100077';
    const before = Date.now();
    for (const body of ['first', 'second '.repeat(30)]) {
      expect((await create(new URLSearchParams({ To: PHONE, From: from, Body: body }))).status).toBe(201);
    }

    const sent = (await (
      await fetch(`${simulator.url}/sim/numbers/${encodeURIComponent(from)}/sent`)
    ).json()) as Array<{ body: string; numSegments: number; dateCreated: string }>;

    expect(sent.map((message) => [message.body.slice(0, 6), message.numSegments])).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
    for (const message of sent) {
      expect(message.dateCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(message.dateCreated)).toBeGreaterThanOrEqual(before);
    }
  });

  it('should fetch a message by sid and answer 404 (20404) for an unknown sid', async () => {
    const created = await create(new URLSearchParams({ To: PHONE, From: COMPANY, Body: 'hi' }));
    const sid = stringField(await created.json(), 'sid');
    const base = `${simulator.url}/2010-04-01/Accounts/${simulator.accountSid}/Messages`;

    const found = await fetch(`${base}/${sid}.json`, { headers: { authorization } });
    const missing = await fetch(`${base}/SM${'0'.repeat(32)}.json`, { headers: { authorization } });

    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ sid, body: 'hi' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 20404, status: 404 });
  });

  it.each([
    ['no credentials', null],
    ['a wrong auth token', basic('AC00000000000000000000000000000001', 'wrong')],
    ['a wrong account sid', basic(`AC${'f'.repeat(32)}`, 'threadline-simulator-token')],
    ['a non-basic scheme', 'Bearer threadline-simulator-token'],
  ])('should answer 401 (20003) for %s', async (_case, auth) => {
    const response = await create(new URLSearchParams({ To: PHONE, From: COMPANY, Body: 'hi' }), auth);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Basic');
    expect(await response.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
  });

  it.each([
    ['To is missing', { From: COMPANY, Body: 'hi' }, 21604],
    ['Body is missing', { To: PHONE, From: COMPANY }, 21602],
    ['To is not E.164', { To: '555-123', From: COMPANY, Body: 'hi' }, 21211],
  ])('should answer 400 when %s', async (_case, fields, code) => {
    const response = await create(new URLSearchParams(fields));

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: 400,
    });
  });

  it('S4: should report num_segments as the shared countSegments does (GSM-7 extension, UCS-2 emoji)', async () => {
    for (const body of [`${'a'.repeat(150)}{}[]€`, `${'a'.repeat(68)}👋`]) {
      const response = await create(new URLSearchParams({ To: PHONE, From: COMPANY, Body: body }));
      expect(stringField(await response.json(), 'num_segments')).toBe(String(countSegments(body).segments));
    }
  });

  it('should list the messages of a phone pair, newest first, still queued ones included', async () => {
    const to = '+15551239876';
    const first = await create(new URLSearchParams({ To: to, From: COMPANY, Body: 'first' }));
    const second = await create(new URLSearchParams({ To: to, From: COMPANY, Body: 'second' }));
    await create(new URLSearchParams({ To: PHONE, From: COMPANY, Body: 'to someone else' }));
    const sids = [stringField(await second.json(), 'sid'), stringField(await first.json(), 'sid')];

    const response = await fetch(
      `${messagesUrl}?${new URLSearchParams({ To: to, From: COMPANY }).toString()}`,
      {
        headers: { authorization },
      },
    );

    expect(response.status).toBe(200);
    const page = (await response.json()) as { messages: Array<{ sid: string; status: string }> };
    expect(page.messages.map((message) => message.sid)).toEqual(sids);
    expect(page.messages.map((message) => message.status)).toEqual(['queued', 'queued']);
    const sentToday = await fetch(
      `${messagesUrl}?${new URLSearchParams({ To: to, 'DateSent>': new Date().toISOString().slice(0, 10) }).toString()}`,
      { headers: { authorization } },
    );
    // Not sent yet (statusDelayMs is long), so no date_sent to match.
    expect(((await sentToday.json()) as { messages: unknown[] }).messages).toEqual([]);
  });

  it('should take a send and answer 5xx while its answers are set to be lost, then answer 201 again', async () => {
    const to = '+15551239877';
    const rule = await fetch(`${simulator.url}/sim/phones/${encodeURIComponent(to)}/lost-answers`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 503, count: 1 }),
    });
    expect(rule.status).toBe(200);

    const lost = await create(new URLSearchParams({ To: to, From: COMPANY, Body: 'taken anyway' }));
    expect(lost.status).toBe(503);
    const again = await create(new URLSearchParams({ To: to, From: COMPANY, Body: 'answered' }));
    expect(again.status).toBe(201);

    const listed = await fetch(`${messagesUrl}?${new URLSearchParams({ To: to }).toString()}`, {
      headers: { authorization },
    });
    const page = (await listed.json()) as { messages: Array<{ body: string }> };
    expect(page.messages.map((message) => message.body)).toEqual(['answered', 'taken anyway']);
  });

  it('should answer 404 for another account in the path', async () => {
    const response = await fetch(messagesUrl.replace(simulator.accountSid, `AC${'e'.repeat(32)}`), {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: PHONE, From: COMPANY, Body: 'hi' }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 20404 });
  });

  it('should work with the official Twilio SDK', async () => {
    const client = twilioClientFor(simulator.url, simulator.accountSid, simulator.authToken);

    const message = await client.messages.create({ to: PHONE, from: COMPANY, body: 'sent through the SDK' });
    const fetched = await client.messages(message.sid).fetch();

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(message.dateCreated.getTime())).toBe(false);
    expect(fetched.body).toBe('sent through the SDK');
  });

  it('should surface Twilio errors through the SDK as RestException', async () => {
    const client = twilioClientFor(simulator.url, simulator.accountSid, 'wrong-token');

    await expect(client.messages.create({ to: PHONE, from: COMPANY, body: 'x' })).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
  });
});

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
