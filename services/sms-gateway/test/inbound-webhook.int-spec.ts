import { randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio';
import { eventually } from '@threadline/testkit';
import { lockPhonePair } from '../src/infra/persistence/advisory-locks';
import { seedCompanyNumbers } from '../src/seed';
import {
  ADA,
  AUTH_TOKEN,
  BILLING,
  Gateway,
  GRACE,
  inboundForm,
  PUBLIC_BASE_URL,
  SUPPORT,
} from './support/gateway';
import { newMessageSid } from './support/fake-twilio-api';
import { advisoryLockWaiters } from './support/locks';
import { errorCodeOf, type RepeatingForm } from './support/twilio-webhooks';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

interface InboundRow {
  id: string;
  sequence: string;
  provider: string;
  provider_message_id: string;
  from_address: string;
  to_address: string;
  body: string;
  media: unknown;
  received_at: Date;
}

describe('sms-gateway: the inbound SMS webhook (POST /webhooks/twilio/sms)', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await Gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  const rowsOf = (messageSid: string) =>
    gateway.query<InboundRow>(`SELECT * FROM inbound_message WHERE provider_message_id = $1`, [messageSid]);

  async function receivedEventsOf(messageSid: string) {
    return (await gateway.published('sms.inbound.received.v1')).filter(
      (event) => event.data.providerMessageId === messageSid,
    );
  }

  const stored = async () => ({
    messages: await gateway.count('inbound_message'),
    rejected: await gateway.count('rejected_inbound_message'),
    outbox: await gateway.count('outbox'),
  });

  /** Posts and expects a refusal with nothing stored: no message, rejected message or outbox row. */
  async function expectRefused(send: () => Promise<Response>, status: number, code: string) {
    const before = await stored();
    const response = await send();
    expect(response.status).toBe(status);
    expect(await errorCodeOf(response)).toBe(code);
    expect(await stored()).toEqual(before);
    return response;
  }

  /**
   * Posts an authentic message and expects it refused with a 400 but kept as rejected, with
   * the code and a reason: no accepted message and no outbox row.
   */
  async function expectKeptAsRejected(form: RepeatingForm, code: string) {
    const before = await stored();
    const response = await gateway.webhooks.inbound(form);
    expect(response.status).toBe(400);
    expect(await errorCodeOf(response)).toBe(code);
    expect(await stored()).toEqual({ ...before, rejected: before.rejected + 1 });
    expect(
      await gateway.query(
        `SELECT code, reason FROM rejected_inbound_message WHERE provider = 'twilio' AND provider_message_id = $1`,
        [form.MessageSid],
      ),
    ).toEqual([{ code, reason: expect.stringMatching(/\w/) }]);
  }

  it('accepts a signed SMS: 200 empty TwiML, one stored message, one sms.inbound.received.v1', async () => {
    const form = inboundForm();
    const response = await gateway.webhooks.inbound(form);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe(EMPTY_TWIML);

    const rows = await rowsOf(form.MessageSid!);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      provider: 'twilio',
      from_address: ADA,
      to_address: SUPPORT,
      body: 'My order has not arrived',
      media: [],
    });

    const events = await receivedEventsOf(form.MessageSid!);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({
      messageId: row.id,
      provider: 'twilio',
      providerMessageId: form.MessageSid,
      from: ADA,
      to: SUPPORT,
      body: 'My order has not arrived',
      media: [],
      receivedAt: row.received_at.toISOString(),
      sequence: Number(row.sequence),
    });
    expect(events[0]!.causationId).toBeNull();
  });

  it('stores numbers Twilio sends in national format in E.164, read in the default region', async () => {
    const form = inboundForm({ From: '(555) 123-0002', To: '555-010-0002' });
    expect((await gateway.webhooks.inbound(form)).status).toBe(200);
    expect(await rowsOf(form.MessageSid!)).toEqual([
      expect.objectContaining({ from_address: GRACE, to_address: BILLING }),
    ]);
  });

  describe('signatures', () => {
    it('refuses a request without X-Twilio-Signature: 403 SIGNATURE_MISSING, nothing stored', async () => {
      await expectRefused(
        () => gateway.webhooks.inbound(inboundForm(), { unsigned: true }),
        403,
        'SIGNATURE_MISSING',
      );
    });

    it('refuses a forged signature: 403 SIGNATURE_INVALID, nothing stored', async () => {
      await expectRefused(
        () => gateway.webhooks.inbound(inboundForm(), { signature: randomBytes(20).toString('base64') }),
        403,
        'SIGNATURE_INVALID',
      );
    });

    it('refuses a request signed with another auth token', async () => {
      await expectRefused(
        () => gateway.webhooks.inbound(inboundForm(), { authToken: 'someone-elses-token' }),
        403,
        'SIGNATURE_INVALID',
      );
    });

    it('refuses a valid signature of other fields (the form was altered on the way)', async () => {
      const signedFor = inboundForm();
      const signature = getExpectedTwilioSignature(
        AUTH_TOKEN,
        `${PUBLIC_BASE_URL}/webhooks/twilio/sms`,
        signedFor,
      );
      await expectRefused(
        () => gateway.webhooks.inbound({ ...signedFor, Body: 'altered' }, { signature }),
        403,
        'SIGNATURE_INVALID',
      );
    });

    it('checks the signature against SMS_PUBLIC_BASE_URL, not the address it was reached at', async () => {
      await expectRefused(
        () => gateway.webhooks.postTo(`${gateway.service.url}/webhooks/twilio/sms`, inboundForm()),
        403,
        'SIGNATURE_INVALID',
      );
    });

    it('checks the signature before anything else: an unsigned empty form is 403, not 400', async () => {
      await expectRefused(() => gateway.webhooks.inbound({}, { unsigned: true }), 403, 'SIGNATURE_MISSING');
    });
  });

  it('refuses a webhook for another Twilio account: 403 ACCOUNT_MISMATCH, nothing stored', async () => {
    await expectRefused(
      () => gateway.webhooks.inbound(inboundForm({ AccountSid: 'AC99999999999999999999999999999999' })),
      403,
      'ACCOUNT_MISMATCH',
    );
  });

  it('refuses a webhook without MessageSid: 400 WEBHOOK_FIELD_MISSING, nothing stored (nothing identifies it)', async () => {
    const { MessageSid: _omitted, ...form } = inboundForm();
    await expectRefused(() => gateway.webhooks.inbound(form), 400, 'WEBHOOK_FIELD_MISSING');
  });

  it.each(['From', 'To', 'Body'])(
    'refuses a webhook without %s: 400 WEBHOOK_FIELD_MISSING naming it, kept as rejected',
    async (field) => {
      const { [field]: _omitted, ...form } = inboundForm();
      await expectKeptAsRejected(form, 'WEBHOOK_FIELD_MISSING');
    },
  );

  it('names the missing field in the error details', async () => {
    const { To: _omitted, ...form } = inboundForm();
    const response = await gateway.webhooks.inbound(form);
    expect(await response.json()).toEqual({
      error: { code: 'WEBHOOK_FIELD_MISSING', message: expect.any(String), details: { fields: ['To'] } },
    });
  });

  it('refuses a From that is not a phone number: 400 PHONE_NUMBER_INVALID, kept as rejected', async () => {
    await expectKeptAsRejected(inboundForm({ From: 'not-a-number' }), 'PHONE_NUMBER_INVALID');
  });

  it('refuses a Body over 64 KiB: 400 SMS_BODY_TOO_LARGE (not the 413 of the request limit), kept as rejected', async () => {
    await expectKeptAsRejected(inboundForm({ Body: 'x'.repeat(70 * 1024) }), 'SMS_BODY_TOO_LARGE');
  });

  it('refuses an SMS to a number that is not a company number: 400 UNKNOWN_COMPANY_NUMBER, kept as rejected', async () => {
    await expectKeptAsRejected(inboundForm({ To: '+15550109999' }), 'UNKNOWN_COMPANY_NUMBER');
  });

  it('refuses an SMS to a company number that is no longer active', async () => {
    await gateway.query(
      `INSERT INTO company_number (address, provider, label, active) VALUES ('+15550100009', 'twilio', 'Retired', false)`,
    );
    await expectKeptAsRejected(inboundForm({ To: '+15550100009' }), 'UNKNOWN_COMPANY_NUMBER');
  });

  describe('hostile input (issue 10)', () => {
    const removedTotal = () =>
      gateway.metric('sms_webhook_control_characters_removed_total', { webhook: 'inbound_sms' });

    it('accepts a Body with NUL and other control characters: stored and announced without them, counted', async () => {
      const counted = await removedTotal();
      const form = inboundForm({ Body: 'My order\u0000 has\u0007 not \u001b[1marrived\tyet\r\nthanks' });

      const response = await gateway.webhooks.inbound(form);

      expect(response.status).toBe(200);
      const body = 'My order has not [1marrived\tyet\r\nthanks';
      expect(await rowsOf(form.MessageSid!)).toEqual([expect.objectContaining({ body })]);
      expect((await receivedEventsOf(form.MessageSid!)).map((event) => event.data.body)).toEqual([body]);
      expect(await removedTotal()).toBe(counted + 1);
    });

    it('removes NUL from MessageSid, From, To and the media fields as well: accepted, not a 500', async () => {
      const messageSid = newMessageSid();
      const form = inboundForm({
        MessageSid: `${messageSid}\u0000`,
        From: '+1555123\u00000001',
        To: `\u0000${SUPPORT}`,
        NumMedia: '1\u0000',
        MediaUrl0: `${gateway.api.url}/ME\u00000`,
        MediaContentType0: 'image/jpeg\u0000',
      });

      expect((await gateway.webhooks.inbound(form)).status).toBe(200);
      expect(await rowsOf(messageSid)).toEqual([
        expect.objectContaining({
          from_address: ADA,
          to_address: SUPPORT,
          // The fake has nothing at that URL: the medium is announced as not kept.
          media: [{ status: 'refused', reason: 'fetch_failed', contentType: 'image/jpeg' }],
        }),
      ]);
    });

    it('keeps a message refused for its content as rejected, without its control characters', async () => {
      const messageSid = newMessageSid();
      const form = inboundForm({
        MessageSid: `\u0000${messageSid}`,
        From: 'not\u0000-a-number',
        Body: 'x\u0000y',
      });

      const response = await gateway.webhooks.inbound(form);

      expect(response.status).toBe(400);
      expect(await errorCodeOf(response)).toBe('PHONE_NUMBER_INVALID');
      expect(
        await gateway.query(
          `SELECT from_as_sent, body, code FROM rejected_inbound_message WHERE provider_message_id = $1`,
          [messageSid],
        ),
      ).toEqual([{ from_as_sent: 'not-a-number', body: 'xy', code: 'PHONE_NUMBER_INVALID' }]);
    });

    /** An authentic form of `count` fields in all: a real one padded with fields of no meaning. */
    function formOfFields(count: number) {
      const form = inboundForm();
      for (let index = 0; Object.keys(form).length < count; index++) form[`Padding${index}`] = 'x';
      return form;
    }

    it('refuses a signed form of more than 1,000 fields: 413 TOO_MANY_FORM_FIELDS, nothing stored', async () => {
      const before = await stored();
      const response = await gateway.webhooks.inbound(formOfFields(1001));

      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        error: { code: 'TOO_MANY_FORM_FIELDS', message: expect.any(String), details: { maxFields: 1000 } },
      });
      expect(await stored()).toEqual(before);
    });

    it('accepts a signed form of exactly 1,000 fields', async () => {
      const form = formOfFields(1000);
      expect((await gateway.webhooks.inbound(form)).status).toBe(200);
      expect(await rowsOf(form.MessageSid!)).toHaveLength(1);
    });

    it('refuses a From sent twice: 400 WEBHOOK_FIELD_REPEATED naming it, kept as rejected with both values', async () => {
      const form: RepeatingForm = { ...inboundForm(), From: [ADA, GRACE] };
      await expectKeptAsRejected(form, 'WEBHOOK_FIELD_REPEATED');
      expect(
        await gateway.query(
          `SELECT from_as_sent, reason FROM rejected_inbound_message WHERE provider_message_id = $1`,
          [form.MessageSid],
        ),
      ).toEqual([{ from_as_sent: JSON.stringify([ADA, GRACE]), reason: expect.stringContaining('From') }]);
    });

    it('names the repeated fields in the error details', async () => {
      const response = await gateway.webhooks.inbound({ ...inboundForm(), To: [SUPPORT, SUPPORT] });
      expect(await response.json()).toEqual({
        error: { code: 'WEBHOOK_FIELD_REPEATED', message: expect.any(String), details: { fields: ['To'] } },
      });
    });

    it('refuses a MessageSid sent twice: 400 WEBHOOK_FIELD_REPEATED, nothing stored (nothing identifies it)', async () => {
      const form = inboundForm();
      await expectRefused(
        () => gateway.webhooks.inbound({ ...form, MessageSid: [form.MessageSid!, newMessageSid()] }),
        400,
        'WEBHOOK_FIELD_REPEATED',
      );
    });
  });

  it('answers a MessageSid delivered twice with 200 both times, storing and announcing it once', async () => {
    const form = inboundForm({ Body: 'sent once, delivered twice' });
    const first = await gateway.webhooks.inbound(form);
    const second = await gateway.webhooks.inbound(form);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.text()).toBe(EMPTY_TWIML);
    expect(await rowsOf(form.MessageSid!)).toHaveLength(1);
    expect(await receivedEventsOf(form.MessageSid!)).toHaveLength(1);
  });

  it('orders a burst of 200 concurrent messages of one phone pair: sequence and received_at agree', async () => {
    const from = '+15551230077';
    const forms = Array.from({ length: 200 }, (_, index) =>
      inboundForm({ From: from, Body: `burst ${index}` }),
    );
    const responses = await Promise.all(forms.map((form) => gateway.webhooks.inbound(form)));
    expect(responses.map((response) => response.status)).toEqual(forms.map(() => 200));

    const rows = await gateway.query<{ sequence: string; received_at: string; provider_message_id: string }>(
      // received_at as text keeps Postgres's microseconds, which a JavaScript Date would drop.
      `SELECT sequence, received_at::text AS received_at, provider_message_id
         FROM inbound_message WHERE from_address = $1 AND to_address = $2 ORDER BY sequence`,
      [from, SUPPORT],
    );
    expect(rows).toHaveLength(200);
    const [byReceivedAt] = await gateway.query<{ agree: boolean }>(
      `SELECT bool_and(sequence_rank = time_rank) AS agree FROM (
         SELECT row_number() OVER (ORDER BY sequence) AS sequence_rank,
                row_number() OVER (ORDER BY received_at, sequence DESC) AS time_rank
           FROM inbound_message WHERE from_address = $1 AND to_address = $2) ranks`,
      [from, SUPPORT],
    );
    // Ties in received_at are ranked against the sequence, so equal clocks fail too.
    expect(byReceivedAt!.agree).toBe(true);

    const events = (await gateway.published('sms.inbound.received.v1')).filter(
      (event) => event.data.from === from,
    );
    expect(events).toHaveLength(200);
    const sequences = events.map((event) => event.data.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(rows.map((row) => Number(row.sequence)));
  });

  it('accepts one message of a phone pair at a time, while other pairs go on', async () => {
    const from = '+15551230088';
    // A transaction of this test holds the pair, as an accept in flight would.
    const holder = gateway.service.runtime.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await lockPhonePair(holder.manager, from, SUPPORT);
      const waiting = inboundForm({ From: from });
      const answer = gateway.webhooks.inbound(waiting);
      await eventually(async () => expect(await advisoryLockWaiters(gateway)).toBe(1));
      expect((await gateway.webhooks.inbound(inboundForm({ From: from, To: BILLING }))).status).toBe(200);
      expect(await rowsOf(waiting.MessageSid!)).toHaveLength(0);

      await holder.commitTransaction();
      expect((await answer).status).toBe(200);
      expect(await rowsOf(waiting.MessageSid!)).toHaveLength(1);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it('seeds the two demo company numbers, and seeding again changes nothing', async () => {
    await gateway.service.runtime.dataSource.transaction((manager) => seedCompanyNumbers(manager));
    expect(
      await gateway.query(
        `SELECT address, provider, label, active FROM company_number WHERE address IN ($1, $2) ORDER BY address`,
        [SUPPORT, BILLING],
      ),
    ).toEqual([
      { address: SUPPORT, provider: 'twilio', label: 'Support', active: true },
      { address: BILLING, provider: 'twilio', label: 'Billing', active: true },
    ]);
  });

  it('documents both webhooks and their error codes in OpenAPI', async () => {
    const document = (await (await fetch(`${gateway.service.url}/docs/openapi.json`)).json()) as {
      paths: Record<
        string,
        { post?: { security?: unknown[]; responses: Record<string, { description: string }> } }
      >;
    };
    const inbound = document.paths['/webhooks/twilio/sms']?.post;
    const status = document.paths['/webhooks/twilio/status']?.post;
    // Signed by Twilio, not sent with a token: no security scheme applies.
    expect(inbound?.security).toEqual([]);
    expect(status?.security).toEqual([]);
    expect(inbound?.responses['403']?.description).toContain(
      'SIGNATURE_MISSING, SIGNATURE_INVALID, ACCOUNT_MISMATCH',
    );
    for (const code of [
      'WEBHOOK_FIELD_MISSING',
      'WEBHOOK_FIELD_REPEATED',
      'PHONE_NUMBER_INVALID',
      'SMS_BODY_TOO_LARGE',
      'UNKNOWN_COMPANY_NUMBER',
    ])
      expect(inbound?.responses['400']?.description).toContain(code);
    expect(status?.responses['400']?.description).toContain('WEBHOOK_FIELD_REPEATED');
    expect(status?.responses['404']?.description).toContain('OUTBOUND_MESSAGE_UNKNOWN');
    expect(status?.responses['403']?.description).toContain('SIGNATURE_INVALID');
    for (const webhook of [inbound, status])
      expect(webhook?.responses['413']?.description).toContain('PAYLOAD_TOO_LARGE, TOO_MANY_FORM_FIELDS');
  });
});
