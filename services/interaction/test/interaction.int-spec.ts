import { createEnvelope, queries } from '@threadline/contracts';
import { QueryError, type RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  inboundSms,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { interactionService } from '../src/interaction.service';

const COMPANY = '+15550100001';
const GUEST = '01970000-0000-7000-8000-000000000001';
let phone = 5557000000;

function nextPhone(): string {
  return `+1${++phone}`;
}

function resolved(from: string, body = 'hello') {
  return createEnvelope('profile.requester.resolved.v1', {
    profileId: uuidv7(),
    address: from,
    userId: null,
    requesterUserId: GUEST,
    identityConflict: false,
    message: inboundSms({ from, to: COMPANY, body }),
  });
}

describe('interaction: conversations of a phone pair', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await bootService(interactionService, environment);
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'interaction.conversation.created.v1',
      'interaction.message.appended.v1',
      'interaction.conversation.state-changed.v1',
      'routing.workitem.enqueue.v1',
      'sms.outbound.send.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await environment?.dispose();
  });

  async function openInteraction(from = nextPhone()): Promise<string> {
    const first = resolved(from);
    await tap.publish(first);
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === from,
    );
    return created!.data.interactionId;
  }

  async function assign(interactionId: string, agentId: string): Promise<void> {
    await tap.publish(
      createEnvelope('routing.workitem.assigned.v1', { workItemId: uuidv7(), interactionId, agentId }),
    );
    await tap.waitFor(
      'interaction.conversation.state-changed.v1',
      (event) => event.data.interactionId === interactionId && event.data.assigneeId === agentId,
    );
  }

  it('R1: the first message of a phone pair opens a new interaction and sends it to routing', async () => {
    const from = nextPhone();
    const first = resolved(from, 'my order is late');
    await tap.publish(first);
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === from,
    );
    expect(created!.data).toMatchObject({
      companyAddress: COMPANY,
      state: 'new',
      initiatedBy: 'requester',
      requesterUserId: GUEST,
    });
    expect(created!.correlationId).toBe(created!.data.interactionId);
    const [appended] = await tap.waitFor(
      'interaction.message.appended.v1',
      (event) => event.data.messageId === first.data.message.messageId,
    );
    expect(appended!.data).toMatchObject({
      interactionId: created!.data.interactionId,
      direction: 'inbound',
      body: 'my order is late',
      gatewaySequence: first.data.message.sequence,
    });
    const [enqueued] = await tap.waitFor(
      'routing.workitem.enqueue.v1',
      (event) => event.data.interactionId === created!.data.interactionId,
    );
    expect(enqueued!.data).toMatchObject({
      channel: 'sms',
      attributes: {
        companyAddress: COMPANY,
        requesterAddress: from,
        identityConflict: false,
        requesterIsGuest: true,
      },
    });
  });

  it('W2: a requester the directory knows is routed as no guest (queue conditions see requesterIsGuest)', async () => {
    const from = nextPhone();
    const known = resolved(from, 'hello again');
    known.data.userId = '01970000-0000-7000-8000-0000000000d1';
    known.data.requesterUserId = known.data.userId;
    await tap.publish(known);
    const [enqueued] = await tap.waitFor(
      'routing.workitem.enqueue.v1',
      (event) => event.data.attributes.requesterAddress === from,
    );
    expect(enqueued!.data.attributes).toMatchObject({ requesterIsGuest: false });
  });

  it('R2: a later message of the pair is appended to the active interaction, with no new one', async () => {
    const from = nextPhone();
    const interactionId = await openInteraction(from);
    await assign(interactionId, 'agent-alice');
    const second = resolved(from, 'any news?');
    await tap.publish(second);
    const [appended] = await tap.waitFor(
      'interaction.message.appended.v1',
      (event) => event.data.messageId === second.data.message.messageId,
    );
    expect(appended!.data.interactionId).toBe(interactionId);
    expect(
      tap.events('interaction.conversation.created.v1').filter((e) => e.data.requesterAddress === from),
    ).toHaveLength(1);
    expect(
      tap.events('routing.workitem.enqueue.v1').filter((e) => e.data.interactionId === interactionId),
    ).toHaveLength(1);
  });

  it('the same pair on another company number is another conversation', async () => {
    const from = nextPhone();
    const first = await openInteraction(from);
    const other = resolved(from);
    other.data.message.to = '+15550100002';
    await tap.publish(createEnvelope('profile.requester.resolved.v1', other.data));
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === from && event.data.companyAddress === '+15550100002',
    );
    expect(created!.data.interactionId).not.toBe(first);
  });

  it('a burst of 200 first messages of one pair opens one interaction holding all 200, in gateway order', async () => {
    const from = nextPhone();
    const burst = Array.from({ length: 200 }, (_, index) => resolved(from, `message ${index}`));
    // Published in reverse, so arrival order is the opposite of the gateway's order.
    await Promise.all([...burst].reverse().map((envelope) => tap.publish(envelope)));
    const created = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === from,
    );
    // Inbound ones only: the queue note is appended too, so 200 appends of any kind can come
    // before the last inbound message's.
    await tap.waitFor(
      'interaction.message.appended.v1',
      (event) =>
        event.data.interactionId === created[0]!.data.interactionId && event.data.direction === 'inbound',
      200,
      { timeoutMs: 30_000 },
    );
    expect(created).toHaveLength(1);
    const transcript = await service.runtime.dataSource.query<Array<{ body: string }>>(
      `SELECT body FROM message WHERE interaction_id = $1 AND direction = 'inbound'
        ORDER BY occurred_at, gateway_sequence NULLS LAST, id`,
      [created[0]!.data.interactionId],
    );
    expect(transcript.map((row) => row.body)).toEqual(burst.map((envelope) => envelope.data.message.body));
  });

  it('a resolution delivered twice appends its message once', async () => {
    const from = nextPhone();
    await openInteraction(from);
    const again = resolved(from, 'twice');
    await tap.publish(again);
    await tap.publish(createEnvelope('profile.requester.resolved.v1', again.data));
    await tap.waitFor(
      'interaction.message.appended.v1',
      (e) => e.data.messageId === again.data.message.messageId,
    );
    const [count] = await service.runtime.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM message WHERE id = $1`,
      [again.data.message.messageId],
    );
    expect(count).toEqual({ n: 1 });
  });

  it('W6: an assignment makes the interaction work_in_progress with that assignee', async () => {
    const interactionId = await openInteraction();
    await assign(interactionId, 'agent-bob');
    const [changed] = tap
      .events('interaction.conversation.state-changed.v1')
      .filter((event) => event.data.interactionId === interactionId);
    expect(changed!.data).toEqual({
      interactionId,
      from: 'new',
      to: 'work_in_progress',
      assigneeId: 'agent-bob',
      cause: 'routing_assigned',
      actor: { kind: 'system', id: null },
    });
  });

  describe('agent replies (interaction.message.send.v1)', () => {
    it('the assignee’s reply is recorded as queued and handed to the SMS gateway', async () => {
      const from = nextPhone();
      const interactionId = await openInteraction(from);
      await assign(interactionId, 'agent-alice');
      const messageId = uuidv7();
      const answer = await service.runtime.ask(queries.sendMessage, {
        interactionId,
        messageId,
        agentId: 'agent-alice',
        body: 'On its way!',
      });
      expect(answer).toMatchObject({ interactionId, messageId, deliveryStatus: 'queued' });
      const [send] = await tap.waitFor(
        'sms.outbound.send.v1',
        (event) => event.data.outboundId === messageId,
      );
      expect(send!.data).toEqual({
        outboundId: messageId,
        from: COMPANY,
        to: from,
        body: 'On its way!',
        interactionId,
      });
      const [appended] = await tap.waitFor(
        'interaction.message.appended.v1',
        (e) => e.data.messageId === messageId,
      );
      expect(appended!.data).toMatchObject({
        direction: 'outbound',
        author: { kind: 'agent', id: 'agent-alice' },
      });
    });

    it('S5: an agent’s image is kept in the transcript and handed to the SMS gateway by key', async () => {
      const interactionId = await openInteraction();
      await assign(interactionId, 'agent-alice');
      const messageId = uuidv7();
      const image = {
        status: 'stored' as const,
        mediaId: 'up-0001',
        key: 'upload/up-0001',
        contentType: 'image/png',
        size: 42,
      };
      await service.runtime.ask(queries.sendMessage, {
        interactionId,
        messageId,
        agentId: 'agent-alice',
        body: '',
        media: [image],
      });
      const [send] = await tap.waitFor(
        'sms.outbound.send.v1',
        (event) => event.data.outboundId === messageId,
      );
      expect(send!.data).toMatchObject({
        body: '',
        media: [{ key: 'upload/up-0001', contentType: 'image/png' }],
      });
      const [appended] = await tap.waitFor(
        'interaction.message.appended.v1',
        (e) => e.data.messageId === messageId,
      );
      expect(appended!.data.media).toEqual([image]);
    });

    it('S5: a message with neither body nor image is refused', async () => {
      const interactionId = await openInteraction();
      await assign(interactionId, 'agent-alice');
      const attempt = service.runtime.ask(queries.sendMessage, {
        interactionId,
        messageId: uuidv7(),
        agentId: 'agent-alice',
        body: '  ',
      });
      await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    });

    it('asking twice with the same message id sends once', async () => {
      const interactionId = await openInteraction();
      await assign(interactionId, 'agent-alice');
      const request = { interactionId, messageId: uuidv7(), agentId: 'agent-alice', body: 'once' };
      await service.runtime.ask(queries.sendMessage, request);
      await service.runtime.ask(queries.sendMessage, request);
      await tap.waitFor('sms.outbound.send.v1', (event) => event.data.outboundId === request.messageId);
      const [count] = await service.runtime.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbox WHERE subject = 'sms.outbound.send.v1' AND payload->'data'->>'outboundId' = $1`,
        [request.messageId],
      );
      expect(count).toEqual({ n: 1 });
    });

    it('another agent is refused with NOT_ASSIGNEE (403), and nothing is sent', async () => {
      const interactionId = await openInteraction();
      await assign(interactionId, 'agent-alice');
      const attempt = service.runtime.ask(queries.sendMessage, {
        interactionId,
        messageId: uuidv7(),
        agentId: 'agent-mallory',
        body: 'hi',
      });
      await expect(attempt).rejects.toMatchObject({ code: 'NOT_ASSIGNEE', status: 403 });
      const sends = await service.runtime.dataSource.query<unknown[]>(
        `SELECT 1 FROM outbox WHERE subject = 'sms.outbound.send.v1' AND payload->>'correlationId' = $1`,
        [interactionId],
      );
      expect(sends).toHaveLength(0);
    });

    it('S4: a reply over SMS_MAX_SEGMENTS is refused with MESSAGE_TOO_MANY_SEGMENTS (422), and nothing is sent', async () => {
      const interactionId = await openInteraction();
      await assign(interactionId, 'agent-alice');
      const reply = (body: string) =>
        service.runtime.ask(queries.sendMessage, {
          interactionId,
          messageId: uuidv7(),
          agentId: 'agent-alice',
          body,
        });
      // 10 parts of 153 septets fit 1530; a € (two septets) after 1529 needs an 11th.
      await expect(reply(`${'a'.repeat(1529)}€`)).rejects.toMatchObject({
        code: 'MESSAGE_TOO_MANY_SEGMENTS',
        status: 422,
        details: { segments: 11, limit: 10, encoding: 'GSM-7' },
      });
      const sends = await service.runtime.dataSource.query<unknown[]>(
        `SELECT 1 FROM outbox WHERE subject = 'sms.outbound.send.v1' AND payload->>'correlationId' = $1`,
        [interactionId],
      );
      expect(sends).toHaveLength(0);
      await expect(reply('a'.repeat(1530))).resolves.toMatchObject({ deliveryStatus: 'queued' });
    });

    it('S3: a failure keeps the provider’s error code and the stable reason on the transcript message', async () => {
      const interactionId = await openInteraction();
      await assign(interactionId, 'agent-alice');
      const messageId = uuidv7();
      await service.runtime.ask(queries.sendMessage, {
        interactionId,
        messageId,
        agentId: 'agent-alice',
        body: 'are you there?',
      });
      await tap.publish(
        createEnvelope('sms.outbound.status-changed.v1', {
          outboundId: messageId,
          providerMessageId: 'SM2',
          status: 'undelivered',
          errorCode: '21610',
          reason: 'RECIPIENT_OPTED_OUT',
          interactionId,
        }),
      );
      await eventually(async () => {
        expect(
          await service.runtime.dataSource.query(
            `SELECT delivery_status, delivery_error_code, delivery_failure_reason FROM message WHERE id = $1`,
            [messageId],
          ),
        ).toEqual([
          {
            delivery_status: 'undelivered',
            delivery_error_code: '21610',
            delivery_failure_reason: 'RECIPIENT_OPTED_OUT',
          },
        ]);
      });
    });

    it('an unknown interaction is INTERACTION_NOT_FOUND (404)', async () => {
      const attempt = service.runtime.ask(queries.sendMessage, {
        interactionId: uuidv7(),
        messageId: uuidv7(),
        agentId: 'agent-alice',
        body: 'hi',
      });
      await expect(attempt).rejects.toBeInstanceOf(QueryError);
      await expect(attempt).rejects.toMatchObject({ code: 'INTERACTION_NOT_FOUND', status: 404 });
    });

    it('S3: delivery statuses reach the transcript and never move backwards', async () => {
      const interactionId = await openInteraction();
      await assign(interactionId, 'agent-alice');
      const messageId = uuidv7();
      await service.runtime.ask(queries.sendMessage, {
        interactionId,
        messageId,
        agentId: 'agent-alice',
        body: 'x',
      });
      const status = (value: 'sent' | 'delivered') =>
        createEnvelope('sms.outbound.status-changed.v1', {
          outboundId: messageId,
          providerMessageId: 'SM1',
          status: value,
          errorCode: null,
          interactionId,
        });
      const delivered = status('delivered');
      const lateSent = status('sent');
      await tap.publish(delivered);
      await tap.publish(lateSent);
      const deliveryStatus = async () => {
        const [row] = await service.runtime.dataSource.query<Array<{ delivery_status: string }>>(
          `SELECT delivery_status FROM message WHERE id = $1`,
          [messageId],
        );
        return row?.delivery_status;
      };
      // Both handled (the inbox holds both), and the late `sent` changed nothing.
      await eventually(async () => {
        const handled = await service.runtime.dataSource.query<unknown[]>(
          `SELECT 1 FROM inbox WHERE event_id = ANY($1::uuid[])`,
          [[delivered.id, lateSent.id]],
        );
        expect(handled).toHaveLength(2);
      });
      expect(await deliveryStatus()).toBe('delivered');
    });
  });
});
