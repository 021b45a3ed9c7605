import { eventually, serversFromEnv, TcpGate } from '@threadline/testkit';
import { Gateway, inboundForm, sendCommand } from './support/gateway';
import { errorCodeOf } from './support/twilio-webhooks';

/** Twilio gives up on a webhook after 15 s; an outage must be answered before that, not hang. */
const TWILIO_WEBHOOK_TIMEOUT_MS = 15_000;

interface ReadyBody {
  status?: string;
  degraded?: string[];
  checks?: Record<string, { ok: boolean; required: boolean }>;
  error?: { code: string; details: Record<string, { ok: boolean; required: boolean }> };
}

/**
 * The gateway reaches Postgres and Redis through gates the test shuts, as if those servers
 * went down: the shared servers themselves keep running for everyone else.
 */
describe('sms-gateway while Postgres, Redis or NATS is unreachable', () => {
  let postgres: TcpGate;
  let redis: TcpGate;
  let nats: TcpGate;
  let gateway: Gateway;

  beforeAll(async () => {
    const servers = serversFromEnv();
    postgres = await TcpGate.to(servers.databaseUrl);
    redis = await TcpGate.to(servers.redisUrl);
    nats = await TcpGate.to(servers.natsUrl);
    gateway = await Gateway.start((environment) => ({
      DATABASE_URL: postgres.urlFor(environment.databaseUrl),
      REDIS_URL: redis.urlFor(environment.servers.redisUrl),
      NATS_URL: nats.urlFor(environment.servers.natsUrl),
    }));
  });

  afterEach(async () => {
    await postgres.restore();
    await redis.restore();
    await nats.restore();
  });

  afterAll(async () => {
    await gateway?.stop();
    await postgres?.close();
    await redis?.close();
    await nats?.close();
  });

  const readyz = async () => {
    const response = await fetch(`${gateway.service.url}/readyz`);
    return { status: response.status, body: (await response.json()) as ReadyBody };
  };

  const rowsOf = (messageSid: string) =>
    gateway.query<{ id: string }>(`SELECT id FROM inbound_message WHERE provider_message_id = $1`, [
      messageSid,
    ]);

  it('answers an inbound webhook 503 SERVICE_UNAVAILABLE with Retry-After, and takes the retry once it is back', async () => {
    const form = inboundForm({ Body: 'Sent while the database was down' });
    await postgres.cut();

    const refused = await gateway.webhooks.inbound(form, {
      signal: AbortSignal.timeout(TWILIO_WEBHOOK_TIMEOUT_MS),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await errorCodeOf(refused)).toBe('SERVICE_UNAVAILABLE');

    await postgres.restore();
    // Twilio retries the same request (same MessageSid) until one is answered 200.
    await eventually(async () => expect((await gateway.webhooks.inbound(form)).status).toBe(200), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    // One more retry, as when the provider missed the 200: still one message.
    expect((await gateway.webhooks.inbound(form)).status).toBe(200);
    expect(await rowsOf(form.MessageSid!)).toHaveLength(1);
    const announced = (await gateway.published('sms.inbound.received.v1')).filter(
      (event) => event.data.providerMessageId === form.MessageSid,
    );
    expect(announced).toHaveLength(1);
  });

  it('is not ready without Postgres, which every webhook needs', async () => {
    await postgres.cut();
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.error?.code).toBe('NOT_READY');
    expect(body.error?.details.postgres).toMatchObject({ ok: false, required: true });
  });

  it('stays ready without Redis, reporting it degraded, and keeps accepting SMS', async () => {
    await redis.cut();
    const { status, body } = await readyz();
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.degraded).toEqual(['redis']);
    expect(body.checks?.redis).toMatchObject({ ok: false, required: false });
    expect(body.checks?.postgres).toMatchObject({ ok: true, required: true });

    const form = inboundForm({ Body: 'Sent while Redis was down' });
    expect((await gateway.webhooks.inbound(form)).status).toBe(200);
    expect(await rowsOf(form.MessageSid!)).toHaveLength(1);

    await redis.restore();
    await eventually(
      async () => expect(await readyz()).toMatchObject({ status: 200, body: { status: 'ready' } }),
      {
        timeoutMs: 15_000,
      },
    );
  });

  it('keeps sending while Redis is away, each replica on its own send schedule, and goes back to the shared one', async () => {
    await redis.cut();
    // Longer than a send's deliveries would last if booking its turn kept failing: the send must
    // go on this replica's own schedule, not be dead-lettered unsent.
    const whileAway = sendCommand();
    await gateway.publish(whileAway);
    await eventually(() => expect(gateway.api.sendsOf(whileAway.data.body)).toHaveLength(1), {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    expect(await gateway.query(`SELECT 1 FROM dead_letter WHERE event_id = $1`, [whileAway.id])).toEqual([]);

    await redis.restore();
    const afterwards = sendCommand();
    await gateway.publish(afterwards);
    await eventually(() => expect(gateway.api.sendsOf(afterwards.data.body)).toHaveLength(1), {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
  });

  it('stays ready without NATS and keeps accepting SMS, announced once NATS is back', async () => {
    await nats.cut();
    const { status, body } = await readyz();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', degraded: ['nats'] });

    const form = inboundForm({ Body: 'Sent while NATS was down' });
    expect((await gateway.webhooks.inbound(form)).status).toBe(200);
    expect(await rowsOf(form.MessageSid!)).toHaveLength(1);

    await nats.restore();
    await eventually(
      async () => {
        const announced = (await gateway.published('sms.inbound.received.v1')).filter(
          (event) => event.data.providerMessageId === form.MessageSid,
        );
        expect(announced).toHaveLength(1);
      },
      { timeoutMs: 30_000 },
    );
  });
});
