import { MessageTap } from '@threadline/testkit';
import { BILLING, Gateway, GRACE, inboundForm, SUPPORT } from './support/gateway';
import type { Form } from './support/twilio-webhooks';

interface ErrorAnswer {
  error: { code: string; message: string; details?: unknown };
}

interface RejectedEntry {
  id: string;
  provider: string;
  providerMessageId: string;
  from: string | null;
  to: string | null;
  body: string | null;
  bodyTruncated: boolean;
  media: Array<{ url: string | null; contentType: string | null }>;
  code: string;
  reason: string;
  receivedAt: string;
}

interface RejectedPage {
  items: RejectedEntry[];
  nextCursor: string | null;
}

/** A company number made for one test, active at first. */
const LATE_NUMBER = '+15550100077';

describe('sms-gateway: inbound messages refused for their content are kept as rejected', () => {
  let gateway: Gateway;
  let tap: MessageTap;

  beforeAll(async () => {
    gateway = await Gateway.start();
    const { servers, namespace } = gateway.environment;
    tap = (await MessageTap.open(servers.natsUrl, namespace)).watch('sms.inbound.received.v1');
  });

  afterAll(async () => {
    await tap?.close();
    await gateway?.stop();
  });

  const rejectedRowsOf = (messageSid: string) =>
    gateway.query<Record<string, unknown>>(
      `SELECT * FROM rejected_inbound_message WHERE provider_message_id = $1`,
      [messageSid],
    );

  const acceptedRowsOf = (messageSid: string) =>
    gateway.query(`SELECT id FROM inbound_message WHERE provider_message_id = $1`, [messageSid]);

  /**
   * Once a message accepted after `sids` was announced on NATS, whether any of `sids` was:
   * the relay publishes in commit order, so by then it would have been seen.
   */
  async function announcedAmong(sids: string[]): Promise<string[]> {
    const barrier = inboundForm({ From: GRACE, Body: 'barrier' });
    expect((await gateway.webhooks.inbound(barrier)).status).toBe(200);
    await tap.waitFor(
      'sms.inbound.received.v1',
      (event) => event.data.providerMessageId === barrier.MessageSid,
    );
    return tap
      .events('sms.inbound.received.v1')
      .map((event) => event.data.providerMessageId)
      .filter((sid) => sids.includes(sid));
  }

  async function rejectedTotal(code: string): Promise<number> {
    const text = await (await fetch(`${gateway.service.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          candidate.startsWith('sms_inbound_rejected_total{') && candidate.includes(`code="${code}"`),
      );
    if (line === undefined) throw new Error(`no sms_inbound_rejected_total series for ${code}`);
    return Number(line.split(' ').at(-1));
  }

  const { MessageSid: _omitted, ...withoutSid } = inboundForm();
  const cases: Array<[string, Form, string, Record<string, unknown>]> = [
    [
      'a From that is not a phone number',
      inboundForm({ From: 'not-a-number' }),
      'PHONE_NUMBER_INVALID',
      { from_as_sent: 'not-a-number', to_as_sent: SUPPORT, reason: expect.stringContaining('From') },
    ],
    [
      'a To that is not a phone number',
      inboundForm({ To: '12345' }),
      'PHONE_NUMBER_INVALID',
      { to_as_sent: '12345', reason: expect.stringContaining('To is not a phone number') },
    ],
    [
      'a To that is not an active company number',
      inboundForm({ To: '555-010-9999' }),
      'UNKNOWN_COMPANY_NUMBER',
      { to_as_sent: '555-010-9999', reason: '555-010-9999 is not one of our active company numbers' },
    ],
    [
      'a body over the limit',
      inboundForm({ Body: 'é'.repeat(33 * 1024) }),
      'SMS_BODY_TOO_LARGE',
      {
        body: 'é'.repeat(32 * 1024),
        body_truncated: true,
        reason: 'the body is 67584 bytes, over the limit of 65536; its first 65536 bytes are kept',
      },
    ],
    [
      'a missing From',
      { ...inboundForm(), From: '' },
      'WEBHOOK_FIELD_MISSING',
      { from_as_sent: '', reason: 'the provider sent no From' },
    ],
    [
      'a missing Body with media',
      (({ Body: _body, ...form }) => form)(
        inboundForm({
          NumMedia: '1',
          MediaUrl0: 'https://api.twilio.com/ME0',
          MediaContentType0: 'image/png',
        }),
      ),
      'WEBHOOK_FIELD_MISSING',
      {
        body: null,
        body_truncated: false,
        media: [{ url: 'https://api.twilio.com/ME0', contentType: 'image/png' }],
        reason: 'the provider sent no Body',
      },
    ],
  ];

  it.each(cases)(
    '%s: the same 400 as before, one rejected row with code and reason, nothing accepted or announced',
    async (_case, form, code, expected) => {
      const before = {
        accepted: await gateway.count('inbound_message'),
        outbox: await gateway.count('outbox'),
        counted: await rejectedTotal(code),
      };
      const response = await gateway.webhooks.inbound(form);

      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorAnswer).error.code).toBe(code);
      expect(await rejectedRowsOf(form.MessageSid!)).toEqual([
        expect.objectContaining({
          provider: 'twilio',
          provider_message_id: form.MessageSid,
          code,
          body_truncated: false,
          received_at: expect.any(Date),
          ...expected,
        }),
      ]);
      expect(await acceptedRowsOf(form.MessageSid!)).toEqual([]);
      expect({
        accepted: await gateway.count('inbound_message'),
        outbox: await gateway.count('outbox'),
        counted: await rejectedTotal(code),
      }).toEqual({ ...before, counted: before.counted + 1 });
      expect(await announcedAmong([form.MessageSid!])).toEqual([]);
    },
  );

  it('a retry of a rejected message gets the same answer and is kept and counted once', async () => {
    const form = inboundForm({ From: 'still-not-a-number' });
    const counted = await rejectedTotal('PHONE_NUMBER_INVALID');
    const first = await gateway.webhooks.inbound(form);
    const second = await gateway.webhooks.inbound(form);

    expect([first.status, second.status]).toEqual([400, 400]);
    expect(await second.json()).toEqual(await first.json());
    expect(await rejectedRowsOf(form.MessageSid!)).toHaveLength(1);
    expect(await rejectedTotal('PHONE_NUMBER_INVALID')).toBe(counted + 1);
    expect(await announcedAmong([form.MessageSid!])).toEqual([]);
  });

  it('keeps nothing of a webhook that is not authentic or has no MessageSid', async () => {
    const before = await gateway.count('rejected_inbound_message');
    const forged = inboundForm({ From: 'not-a-number' });
    expect((await gateway.webhooks.inbound(forged, { authToken: 'someone-elses-token' })).status).toBe(403);
    expect((await gateway.webhooks.inbound(forged, { unsigned: true })).status).toBe(403);
    const otherAccount = inboundForm({
      From: 'not-a-number',
      AccountSid: 'AC99999999999999999999999999999999',
    });
    expect((await gateway.webhooks.inbound(otherAccount)).status).toBe(403);
    const noSid = { ...withoutSid, From: 'not-a-number' };
    expect((await gateway.webhooks.inbound(noSid)).status).toBe(400);

    expect(await gateway.count('rejected_inbound_message')).toBe(before);
  });

  it('does not keep a malformed media list (VALIDATION_FAILED): a fault of the request, not the message', async () => {
    const form = inboundForm({
      NumMedia: '1',
      MediaUrl0: 'ftp://example.com/a.png',
      MediaContentType0: 'image/png',
    });
    const response = await gateway.webhooks.inbound(form);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorAnswer).error.code).toBe('VALIDATION_FAILED');
    expect(await rejectedRowsOf(form.MessageSid!)).toEqual([]);
  });

  it('accepts a message rejected for an inactive company number once the number is active and it comes again', async () => {
    await gateway.query(
      `INSERT INTO company_number (address, provider, label, active) VALUES ($1, 'twilio', 'Late', false)`,
      [LATE_NUMBER],
    );
    const form = inboundForm({ To: LATE_NUMBER });
    expect((await gateway.webhooks.inbound(form)).status).toBe(400);
    await gateway.query(`UPDATE company_number SET active = true WHERE address = $1`, [LATE_NUMBER]);

    expect((await gateway.webhooks.inbound(form)).status).toBe(200);
    expect(await acceptedRowsOf(form.MessageSid!)).toHaveLength(1);
    // The earlier refusal stays on record.
    expect(await rejectedRowsOf(form.MessageSid!)).toHaveLength(1);
    await tap.waitFor('sms.inbound.received.v1', (event) => event.data.providerMessageId === form.MessageSid);
  });

  describe('GET /ops/inbound/rejected', () => {
    it('lists rejected messages newest first, with what operators need', async () => {
      const form = inboundForm({ From: 'abc', To: BILLING, Body: 'listed' });
      await gateway.webhooks.inbound(form);

      const response = await gateway.ops('/ops/inbound/rejected');
      expect(response.status).toBe(200);
      const page = (await response.json()) as RejectedPage;
      expect(page.items[0]).toEqual({
        id: expect.stringMatching(/^\d+$/),
        provider: 'twilio',
        providerMessageId: form.MessageSid,
        from: 'abc',
        to: BILLING,
        body: 'listed',
        bodyTruncated: false,
        media: [],
        code: 'PHONE_NUMBER_INVALID',
        reason: 'From is not a phone number, even read as a national number of US',
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const ids = page.items.map((item) => BigInt(item.id));
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    });

    it('pages with limit and the cursor it hands out, to the last page', async () => {
      const forms = [1, 2, 3].map((index) => inboundForm({ From: `paging-${index}` }));
      for (const form of forms) expect((await gateway.webhooks.inbound(form)).status).toBe(400);
      const newestThree = forms.map((form) => form.MessageSid).reverse();

      const first = (await (await gateway.ops('/ops/inbound/rejected?limit=2')).json()) as RejectedPage;
      expect(first.items.map((item) => item.providerMessageId)).toEqual(newestThree.slice(0, 2));
      expect(first.nextCursor).toBe(first.items[1]!.id);

      const second = (await (
        await gateway.ops(`/ops/inbound/rejected?limit=2&cursor=${first.nextCursor}`)
      ).json()) as RejectedPage;
      expect(second.items[0]!.providerMessageId).toBe(newestThree[2]);

      const total = await gateway.count('rejected_inbound_message');
      let cursor: string | null = null;
      let seen = 0;
      do {
        const page = (await (
          await gateway.ops(`/ops/inbound/rejected?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        ).json()) as RejectedPage;
        seen += page.items.length;
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).toBe(total);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=two', 'limit'],
      ['cursor=abc', 'cursor'],
      ['cursor=-1', 'cursor'],
    ])('refuses %s: 400 VALIDATION_FAILED naming %s', async (query, field) => {
      const response = await gateway.ops(`/ops/inbound/rejected?${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { code: 'VALIDATION_FAILED', message: expect.any(String), details: { fields: [field] } },
      });
    });

    it('refuses a request without the operator token, or with a wrong one: 401 UNAUTHENTICATED', async () => {
      for (const token of [null, 'wrong-token-wrong-token-wrong-token']) {
        const response = await gateway.ops('/ops/inbound/rejected', token);
        expect(response.status).toBe(401);
        expect(((await response.json()) as ErrorAnswer).error.code).toBe('UNAUTHENTICATED');
      }
    });

    it('is documented in OpenAPI with its error codes', async () => {
      const document = (await (await fetch(`${gateway.service.url}/docs/openapi.json`)).json()) as {
        paths: Record<
          string,
          Partial<Record<'get' | 'post', { responses: Record<string, { description: string }> }>>
        >;
      };
      const list = document.paths['/ops/inbound/rejected']?.get;
      expect(list?.responses['200']).toBeDefined();
      expect(list?.responses['400']?.description).toContain('VALIDATION_FAILED');
      expect(list?.responses['401']?.description).toContain('UNAUTHENTICATED');
      expect(list?.responses['403']?.description).toContain('OPERATIONS_DISABLED');
      expect(document.paths['/webhooks/twilio/sms']?.post?.responses['400']?.description).toContain(
        'kept as rejected',
      );
    });
  });
});
