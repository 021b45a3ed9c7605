import { SpanKind } from '@opentelemetry/api';
import { AgentClient, eventually } from '@threadline/testkit';
import jwt from 'jsonwebtoken';
import { getExpectedTwilioSignature } from 'twilio';
import {
  type Conversation,
  type ErrorBody,
  type List,
  type Offer,
  openConversation,
} from './support/agent-api';
import {
  ADA,
  GUEST_USER_ID,
  JOINED_NOTE,
  QUEUE_NOTE,
  SIMULATOR_ACCOUNT_SID,
  SIMULATOR_AUTH_TOKEN,
  SUPPORT,
  SUPPORT_GREETING,
} from './support/demo';
import { type DemoSystem, JWT_SECRET, startDemoSystem } from './support/system';

describe('the first SMS conversation, end to end', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let bob: AgentClient;

  beforeAll(async () => {
    demo = await startDemoSystem({
      traces: true,
      envOf: { 'agent-gateway': { AUTH_JWT_SECRET: JWT_SECRET } },
    });
    alice = await demo.loginAvailable('alice');
    bob = await demo.login('bob');
    await bob.connect();
  });

  afterAll(() => demo?.stop());

  const webhookUrl = () => `${demo.urls['sms-gateway']}/webhooks/twilio/sms`;

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    const result = await demo.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, values);
    return result.rows[0]!.n;
  }

  /** Posts to the gateway's webhook the way Twilio would, optionally breaking it. */
  async function postWebhook(
    params: Record<string, string>,
    signature: 'valid' | 'forged' | 'none' = 'valid',
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (signature !== 'none') {
      const valid = getExpectedTwilioSignature(SIMULATOR_AUTH_TOKEN, webhookUrl(), params);
      headers['x-twilio-signature'] = signature === 'valid' ? valid : `${valid.slice(0, -4)}AAA=`;
    }
    const answer = await fetch(webhookUrl(), { method: 'POST', headers, body: new URLSearchParams(params) });
    return { status: answer.status, text: await answer.text() };
  }

  let sidCounter = 0;
  function twilioParams(overrides: Record<string, string> = {}): Record<string, string> {
    const sid = `SM${(++sidCounter).toString(16).padStart(32, 'e')}`;
    return {
      MessageSid: sid,
      SmsSid: sid,
      AccountSid: SIMULATOR_ACCOUNT_SID,
      From: '+15557001000',
      To: SUPPORT,
      Body: 'hello',
      NumMedia: '0',
      ApiVersion: '2010-04-01',
      ...overrides,
    };
  }

  describe('the flow: text, offer, accept, reply, delivered', () => {
    let offer: Offer;

    it('R1, P1, I1: Ada texts Support; alice is offered it on her socket and in her inbox', async () => {
      const sent = await demo.simulator.sendSms(ADA.phone, SUPPORT, 'Hi, my order #1234 is late');
      expect(sent.webhook.status).toBe(200);
      const pushed = await alice.waitForEvent('offer.created');
      offer = (await eventually(async () => {
        const offers = await alice.expect<List<Offer>>(200, 'GET', '/inbox/offers');
        const found = offers.items.find((candidate) => candidate.workItemId === pushed.data.workItemId);
        // The first message and the requester reach agent-gateway by separate events.
        if (!found?.firstMessage || !found.requesterAddress) throw new Error('offer not complete yet');
        return found;
      }))!;
      expect(offer).toMatchObject({
        requesterAddress: ADA.phone,
        firstMessage: 'Hi, my order #1234 is late',
      });
      expect(bob.events.filter((event) => event.type === 'offer.created')).toHaveLength(0);
    });

    it('W6, I2: alice accepts; the interaction is work_in_progress and in her Ongoing list', async () => {
      await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);
      const ongoing = await eventually(async () => {
        const list = await alice.expect<List<Conversation>>(200, 'GET', '/interactions/ongoing');
        const found = list.items.find((conversation) => conversation.interactionId === offer.interactionId);
        expect(found?.state).toBe('work_in_progress');
        return found!;
      });
      expect(ongoing.requesterUserId).toBe(ADA.id);
      await alice.waitForEvent('interaction.updated', (data) => data.interactionId === offer.interactionId);
    });

    it('R2, I3: a second SMS of the pair joins the same interaction and reaches alice live', async () => {
      await demo.simulator.sendSms(ADA.phone, SUPPORT, 'Any news?');
      const pushed = await alice.waitForEvent(
        'message.appended',
        (data) => (data.message as { body: string }).body === 'Any news?',
      );
      expect(pushed.data.interactionId).toBe(offer.interactionId);
      const list = await alice.expect<List<Conversation>>(200, 'GET', '/interactions/ongoing');
      expect(
        list.items.find((conversation) => conversation.interactionId === offer.interactionId)?.unreadCount,
      ).toBe(2);
      expect(await count(`interaction.interaction WHERE requester_address = $1`, [ADA.phone])).toBe(1);
    });

    it('S3: alice replies; Ada’s phone receives it and alice sees it delivered', async () => {
      const reply = await alice.expect<{ messageId: string }>(
        202,
        'POST',
        `/interactions/${offer.interactionId}/messages`,
        {
          body: 'It ships today, sorry for the wait!',
        },
      );
      await eventually(async () => {
        const received = await demo.simulator.received(ADA.phone);
        expect(received.map((message) => message.body)).toContain('It ships today, sorry for the wait!');
        expect(received.find((message) => message.body.startsWith('It ships'))?.from).toBe(SUPPORT);
      });
      await alice.waitForEvent(
        'message.status-changed',
        (data) => data.messageId === reply.messageId && data.deliveryStatus === 'delivered',
      );
      const conversation = await eventually(async () => {
        const answer = await openConversation(alice, offer.interactionId);
        expect(answer.messages.map((message) => [message.direction, message.body])).toEqual([
          ['inbound', 'Hi, my order #1234 is late'],
          ['outbound', SUPPORT_GREETING],
          ['internal', QUEUE_NOTE],
          ['internal', JOINED_NOTE],
          ['inbound', 'Any news?'],
          ['outbound', 'It ships today, sorry for the wait!'],
        ]);
        return answer;
      });
      expect(conversation.messages.at(-1)?.deliveryStatus).toBe('delivered');
      // S1: the greeting and the reply reached the phone; the queue note did not.
      const received = await demo.bodiesReceivedBy(ADA.phone);
      expect(received).toEqual(
        expect.arrayContaining([SUPPORT_GREETING, 'It ships today, sorry for the wait!']),
      );
      expect(received).not.toContain(QUEUE_NOTE);
      expect(received).not.toContain(JOINED_NOTE);
      expect(conversation.interaction.unreadCount).toBe(0);
    });

    it('one trace links the inbound webhook span to the agent push span across the NATS hops', async () => {
      const spans = await eventually(() => {
        const all = demo.spans();
        const push = all.find(
          (span) => span.service === 'agent-gateway' && span.name === 'push offer.created',
        );
        if (!push) throw new Error('no push span yet');
        return all.filter((span) => span.traceId === push.traceId);
      });
      const webhook = spans.find(
        (span) =>
          span.service === 'sms-gateway' && span.kind === SpanKind.SERVER && span.name.includes('POST'),
      );
      expect(webhook).toBeDefined();
      // The five on the way to the agent; the timer service joins the trace too when it has
      // handled the requester's message (it arms the messaging actions' timers) by then.
      const services = [...new Set(spans.map((span) => span.service))];
      expect(services).toEqual(
        expect.arrayContaining(['sms-gateway', 'profile', 'interaction', 'routing', 'agent-gateway']),
      );
      expect(services.filter((service) => service !== 'timer')).toHaveLength(5);
    });

    it('P3: an unknown number is a guest requester', async () => {
      await demo.simulator.sendSms('+15557009999', SUPPORT, 'who am I?');
      const pushed = await alice.waitForEvent(
        'offer.created',
        (data) => data.interactionId !== offer.interactionId,
      );
      const conversation = await openConversation(alice, String(pushed.data.interactionId));
      expect(conversation.interaction.requesterUserId).toBe(GUEST_USER_ID);
    });
  });

  describe('the agent API refuses what it must', () => {
    let offer: Offer;

    beforeAll(async () => {
      await demo.simulator.sendSms('+15557002000', SUPPORT, 'refusals');
      offer = await eventually(async () => {
        const offers = await alice.expect<List<Offer>>(200, 'GET', '/inbox/offers');
        const found = offers.items.find((candidate) => candidate.requesterAddress === '+15557002000');
        if (!found) throw new Error('no offer for +15557002000 yet');
        return found;
      });
    });

    it('no token, a forged token and an expired token are 401 with their codes', async () => {
      const plain = await fetch(`${demo.urls['agent-gateway']}/inbox/offers`);
      expect(plain.status).toBe(401);
      expect(((await plain.json()) as ErrorBody).error.code).toBe('UNAUTHENTICATED');

      const forged = jwt.sign(
        { sub: alice.agentId, role: 'agent' },
        'not-the-secret-not-the-secret-not-the-secret',
      );
      const withForged = await fetch(`${demo.urls['agent-gateway']}/inbox/offers`, {
        headers: { authorization: `Bearer ${forged}` },
      });
      expect(withForged.status).toBe(401);
      expect(((await withForged.json()) as ErrorBody).error.code).toBe('TOKEN_INVALID');

      const expired = jwt.sign(
        { sub: alice.agentId, role: 'agent', exp: Math.floor(Date.now() / 1000) - 60 },
        JWT_SECRET,
      );
      const withExpired = await fetch(`${demo.urls['agent-gateway']}/inbox/offers`, {
        headers: { authorization: `Bearer ${expired}` },
      });
      expect(withExpired.status).toBe(401);
      expect(((await withExpired.json()) as ErrorBody).error.code).toBe('TOKEN_EXPIRED');
    });

    it('wrong password is 401 INVALID_CREDENTIALS', async () => {
      await expect(AgentClient.login(demo.urls['agent-gateway'], 'alice', 'wrong')).rejects.toThrow(/401/);
    });

    it("another agent's offer cannot be accepted: 409 OFFER_NOT_YOURS", async () => {
      const answer = await bob.call<ErrorBody>('POST', `/offers/${offer.workItemId}/accept`);
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('OFFER_NOT_YOURS');
    });

    it('accepting an offer twice: 409 OFFER_ALREADY_ACCEPTED', async () => {
      await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);
      const again = await alice.call<ErrorBody>('POST', `/offers/${offer.workItemId}/accept`);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('OFFER_ALREADY_ACCEPTED');
    });

    it("another agent's interaction is not found for them, to read or to reply", async () => {
      const read = await bob.call<ErrorBody>('GET', `/interactions/${offer.interactionId}`);
      expect(read.status).toBe(404);
      expect(read.body.error.code).toBe('INTERACTION_NOT_FOUND');
      const reply = await bob.call<ErrorBody>('POST', `/interactions/${offer.interactionId}/messages`, {
        body: 'hi',
      });
      expect(reply.status).toBe(404);
    });
  });

  describe('the webhook refuses bad input: forged input leaves nothing, an authentic message is kept as rejected', () => {
    const stored = async () => ({
      accepted: await count('sms_gateway.inbound_message'),
      rejected: await count('sms_gateway.rejected_inbound_message'),
    });
    const rejectedAs = (messageSid: string | undefined, code: string) =>
      count(`sms_gateway.rejected_inbound_message WHERE provider_message_id = $1 AND code = $2`, [
        messageSid,
        code,
      ]);

    it.each([
      ['no signature', 'none', 403, 'SIGNATURE_MISSING'],
      ['a forged signature', 'forged', 403, 'SIGNATURE_INVALID'],
    ] as const)('%s (%s) → %i %s, nothing stored', async (_case, signature, status, code) => {
      const before = await stored();
      const answer = await postWebhook(twilioParams({ From: 'not-a-number' }), signature);
      expect(answer.status).toBe(status);
      expect((JSON.parse(answer.text) as ErrorBody).error.code).toBe(code);
      expect(await stored()).toEqual(before);
    });

    it('a missing MessageSid → 400 WEBHOOK_FIELD_MISSING, nothing stored', async () => {
      const before = await stored();
      const params = twilioParams();
      delete params.MessageSid;
      const answer = await postWebhook(params);
      expect(answer.status).toBe(400);
      expect((JSON.parse(answer.text) as ErrorBody).error.code).toBe('WEBHOOK_FIELD_MISSING');
      expect(await stored()).toEqual(before);
    });

    it.each(['From', 'To', 'Body'])(
      'a missing %s → 400 WEBHOOK_FIELD_MISSING, kept as rejected',
      async (field) => {
        const before = await stored();
        const params = twilioParams();
        delete params[field];
        const answer = await postWebhook(params);
        expect(answer.status).toBe(400);
        expect((JSON.parse(answer.text) as ErrorBody).error.code).toBe('WEBHOOK_FIELD_MISSING');
        expect(await stored()).toEqual({ ...before, rejected: before.rejected + 1 });
        expect(await rejectedAs(params.MessageSid, 'WEBHOOK_FIELD_MISSING')).toBe(1);
      },
    );

    it('a From that is not a phone number → 400 PHONE_NUMBER_INVALID, kept as rejected', async () => {
      const before = await stored();
      const params = twilioParams({ From: 'not-a-number' });
      const answer = await postWebhook(params);
      expect(answer.status).toBe(400);
      expect((JSON.parse(answer.text) as ErrorBody).error.code).toBe('PHONE_NUMBER_INVALID');
      expect(await stored()).toEqual({ ...before, rejected: before.rejected + 1 });
      expect(await rejectedAs(params.MessageSid, 'PHONE_NUMBER_INVALID')).toBe(1);
    });

    it('a body over 64 KiB → 400 SMS_BODY_TOO_LARGE, kept as rejected', async () => {
      const before = await stored();
      const params = twilioParams({ Body: 'x'.repeat(64 * 1024 + 1) });
      const answer = await postWebhook(params);
      expect(answer.status).toBe(400);
      expect((JSON.parse(answer.text) as ErrorBody).error.code).toBe('SMS_BODY_TOO_LARGE');
      expect(await stored()).toEqual({ ...before, rejected: before.rejected + 1 });
      expect(await rejectedAs(params.MessageSid, 'SMS_BODY_TOO_LARGE')).toBe(1);
    });

    it('the same MessageSid twice → 200 both times and one message in one transcript', async () => {
      const params = twilioParams({ From: '+15557003000', Body: 'only once please' });
      const first = await postWebhook(params);
      const second = await postWebhook(params);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.text).toContain('<Response/>');
      expect(
        await count(`sms_gateway.inbound_message WHERE provider_message_id = $1`, [params.MessageSid]),
      ).toBe(1);
      await eventually(async () =>
        expect(await count(`interaction.message WHERE body = 'only once please'`)).toBe(1),
      );
    });

    it('a burst of 200 concurrent first messages from one number → one interaction with all 200, in acceptance order', async () => {
      const from = '+15557004000';
      const bodies = Array.from({ length: 200 }, (_, index) => `burst ${index}`);
      const answers = await Promise.all(bodies.map((body) => demo.simulator.sendSms(from, SUPPORT, body)));
      expect(answers.every((answer) => answer.webhook.status === 200)).toBe(true);
      await eventually(
        async () =>
          expect(
            await count(
              `interaction.message m JOIN interaction.interaction i ON i.id = m.interaction_id
                WHERE i.requester_address = $1 AND m.direction = 'inbound'`,
              [from],
            ),
          ).toBe(200),
        { timeoutMs: 60_000 },
      );
      expect(await count(`interaction.interaction WHERE requester_address = $1`, [from])).toBe(1);
      const accepted = await demo.db.query<{ body: string }>(
        `SELECT body FROM sms_gateway.inbound_message WHERE from_address = $1 ORDER BY sequence`,
        [from],
      );
      const transcript = await demo.db.query<{ body: string }>(
        `SELECT m.body FROM interaction.message m JOIN interaction.interaction i ON i.id = m.interaction_id
          WHERE i.requester_address = $1 AND m.direction = 'inbound'
          ORDER BY m.occurred_at, m.gateway_sequence NULLS LAST, m.id`,
        [from],
      );
      expect(transcript.rows.map((row) => row.body)).toEqual(accepted.rows.map((row) => row.body));
    });
  });
});
