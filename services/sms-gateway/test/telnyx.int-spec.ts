import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  freePort,
  type IsolatedEnvironment,
  ProviderSimulatorClient,
  SIMULATOR_BINARY,
  type ServiceProcess,
  spawnService,
} from '@threadline/testkit';
import { encodeEnvelope } from '@threadline/contracts';
import { seedCompanyNumbers } from '../src/seed';
import { smsGatewayService } from '../src/sms-gateway.service';
import { ADA, GRACE, sendCommand, SUPPORT } from './support/gateway';

const ORDERS = '+15550100003';
const TOLERANCE_SECONDS = 300;

/** An Ed25519 key pair: the private half as the simulator's seed, the public as Telnyx's portal shows it. */
function telnyxKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const fromJwk = (value: string | undefined) => Buffer.from(value!, 'base64url').toString('base64');
  return {
    privateKey,
    seed: fromJwk(privateKey.export({ format: 'jwk' }).d),
    portalKey: fromJwk(publicKey.export({ format: 'jwk' }).x),
  };
}

describe('sms-gateway: Telnyx (webhooks and sending, with the provider simulator)', () => {
  const telnyx = telnyxKeyPair();
  let environment: IsolatedEnvironment;
  let simulatorProcess: ServiceProcess;
  let simulator: ProviderSimulatorClient;
  let service: RunningService;
  let webhookUrl: string;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}`;
    webhookUrl = `${gatewayUrl}/webhooks/telnyx`;
    simulatorProcess = await spawnService(SIMULATOR_BINARY, {
      SIM_HTTP_PORT: '0',
      SIM_INBOUND_WEBHOOK_URL: `${gatewayUrl}/webhooks/twilio/sms`,
      SIM_TELNYX_WEBHOOK_URL: webhookUrl,
      SIM_TELNYX_SIGNING_KEY: telnyx.seed,
      SIM_STATUS_DELAY_MS: '20',
      // The process says where it listens at info.
      LOG_LEVEL: 'info',
    });
    simulator = new ProviderSimulatorClient(simulatorProcess.url);
    service = await bootService(smsGatewayService, environment, {
      HTTP_PORT: String(port),
      SMS_PUBLIC_BASE_URL: gatewayUrl,
      TWILIO_API_BASE_URL: simulatorProcess.url,
      TELNYX_API_BASE_URL: simulatorProcess.url,
      TELNYX_PUBLIC_KEY: telnyx.portalKey,
      TELNYX_WEBHOOK_TOLERANCE_SECONDS: String(TOLERANCE_SECONDS),
      PROVIDER_TIMEOUT_MS: '5000',
    });
    await service.runtime.dataSource.transaction((manager) => seedCompanyNumbers(manager));
  });

  afterAll(async () => {
    await service?.stop();
    await simulatorProcess?.stop();
    await environment?.dispose();
  });

  const query = <T>(sql: string, parameters: unknown[] = []) =>
    service.runtime.dataSource.query<T[]>(sql, parameters);

  async function inboundRows(providerMessageId: string) {
    return query<{ provider: string; from_address: string }>(
      `SELECT provider FROM inbound_message WHERE provider_message_id = $1`,
      [providerMessageId],
    );
  }

  async function announced(subject: string, field: string, value: string) {
    return query<{ data: Record<string, unknown> }>(
      `SELECT payload::jsonb->'data' AS data FROM outbox WHERE subject LIKE '%' || $1 AND payload::jsonb->'data'->>$2 = $3`,
      [subject, field, value],
    );
  }

  const counts = async () =>
    (
      await query<{ inbound: number; rejected: number; outbox: number; statuses: number }>(
        `SELECT (SELECT count(*)::int FROM inbound_message) AS inbound,
                (SELECT count(*)::int FROM rejected_inbound_message) AS rejected,
                (SELECT count(*)::int FROM outbox) AS outbox,
                (SELECT count(*)::int FROM status_callback) AS statuses`,
      )
    )[0]!;

  /** Posts `body` to the Telnyx webhook as Telnyx would, signed by `key` at `timestamp`. */
  function post(
    body: string,
    options: { key?: KeyObject; timestamp?: number; headers?: Record<string, string> } = {},
  ) {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(`${timestamp}|${body}`), options.key ?? telnyx.privateKey);
    return fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'telnyx-timestamp': timestamp,
        'telnyx-signature-ed25519': signature.toString('base64'),
        ...options.headers,
      },
      body,
    });
  }

  function receivedEvent(id: string, text = 'Where is my order?') {
    return JSON.stringify({
      data: {
        event_type: 'message.received',
        id: `event-${id}`,
        payload: { id, from: { phone_number: GRACE }, to: [{ phone_number: ORDERS }], text, media: [] },
      },
    });
  }

  async function metric(code: string): Promise<number> {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          candidate.startsWith('sms_webhook_refused_total') && candidate.includes(`code="${code}"`),
      );
    return Number(line?.split(' ').at(-1));
  }

  it('stores and announces a Telnyx inbound SMS once, under provider telnyx, also when Telnyx delivers it twice', async () => {
    const sent = await simulator.sendSms(ADA, ORDERS, 'Where is my order?');
    expect(sent.webhook).toMatchObject({ status: 200, attempts: 1 });
    expect(await inboundRows(sent.messageSid)).toEqual([{ provider: 'telnyx' }]);
    const [event] = await announced('sms.inbound.received.v1', 'providerMessageId', sent.messageSid);
    expect(event!.data).toMatchObject({
      provider: 'telnyx',
      from: ADA,
      to: ORDERS,
      body: 'Where is my order?',
    });

    // Telnyx's retry: the same message, signed afresh.
    const again = await post(receivedEvent(sent.messageSid));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ outcome: 'duplicate' });
    expect(await inboundRows(sent.messageSid)).toHaveLength(1);
    expect(await announced('sms.inbound.received.v1', 'providerMessageId', sent.messageSid)).toHaveLength(1);
  });

  it('refuses a forged webhook (another key): 403 SIGNATURE_INVALID, counted, nothing stored', async () => {
    const before = await counts();
    const refusedBefore = await metric('SIGNATURE_INVALID');
    const answer = await post(receivedEvent('forged-1'), { key: telnyxKeyPair().privateKey });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
    expect(await counts()).toEqual(before);
    expect(await metric('SIGNATURE_INVALID')).toBe(refusedBefore + 1);
  });

  it('refuses a body changed after signing: 403 SIGNATURE_INVALID, nothing stored', async () => {
    const before = await counts();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(
      null,
      Buffer.from(`${timestamp}|${receivedEvent('changed-1')}`),
      telnyx.privateKey,
    );
    const answer = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'telnyx-timestamp': String(timestamp),
        'telnyx-signature-ed25519': signature.toString('base64'),
      },
      body: receivedEvent('changed-1', 'Send the refund to another account'),
    });
    expect(answer.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('refuses a stale webhook, outside the replay window: 403 SIGNATURE_STALE, nothing stored', async () => {
    const before = await counts();
    const answer = await post(receivedEvent('stale-1'), {
      timestamp: Math.floor(Date.now() / 1000) - TOLERANCE_SECONDS - 5,
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: 'SIGNATURE_STALE' } });
    expect(await counts()).toEqual(before);
    expect(await metric('SIGNATURE_STALE')).toBeGreaterThanOrEqual(1);
  });

  it('refuses a replayed webhook (same signature within the window): 403 SIGNATURE_REPLAYED, stored once', async () => {
    const body = receivedEvent('replayed-1');
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await post(body, { timestamp })).status).toBe(200);
    const before = await counts();
    const replay = await post(body, { timestamp });
    expect(replay.status).toBe(403);
    expect(await replay.json()).toMatchObject({ error: { code: 'SIGNATURE_REPLAYED' } });
    expect(await counts()).toEqual(before);
    expect(await inboundRows('replayed-1')).toHaveLength(1);
  });

  it('refuses a webhook without signature headers: 403 SIGNATURE_MISSING, nothing stored', async () => {
    const before = await counts();
    const answer = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: receivedEvent('unsigned-1'),
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: 'SIGNATURE_MISSING' } });
    expect(await counts()).toEqual(before);
  });

  it('lets Telnyx retry a webhook it could not deliver: a refusal for its content releases the signature', async () => {
    const body = JSON.stringify({
      data: {
        event_type: 'message.received',
        payload: {
          id: 'unknown-number-1',
          from: { phone_number: GRACE },
          to: [{ phone_number: '+15550109999' }],
          text: 'hi',
        },
      },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await post(body, { timestamp });
    expect(first.status).toBe(400);
    expect(await first.json()).toMatchObject({ error: { code: 'UNKNOWN_COMPANY_NUMBER' } });
    // Not SIGNATURE_REPLAYED: the first try was not taken.
    expect((await post(body, { timestamp })).status).toBe(400);
    // Kept once for operators, as a refused Twilio message is.
    expect(
      await query(
        `SELECT provider, to_as_sent, code FROM rejected_inbound_message WHERE provider_message_id = $1`,
        ['unknown-number-1'],
      ),
    ).toEqual([{ provider: 'telnyx', to_as_sent: '+15550109999', code: 'UNKNOWN_COMPANY_NUMBER' }]);
  });

  it('S3: a reply from the Telnyx number goes out through Telnyx, and its delivery events arrive', async () => {
    const command = sendCommand({ from: ORDERS, to: ADA });
    const { js, ns } = service.runtime;
    await js.publish(ns.subject(command.subject), encodeEnvelope(command), { msgID: command.id });

    const [message] = await eventually(async () => {
      const rows = await query<{ provider: string; provider_message_id: string; status: string }>(
        `SELECT provider, provider_message_id, status FROM outbound_message WHERE id = $1`,
        [command.data.outboundId],
      );
      expect(rows).toEqual([expect.objectContaining({ status: 'delivered' })]);
      return rows;
    });
    expect(message!.provider).toBe('telnyx');
    expect(await simulator.message(message!.provider_message_id)).toMatchObject({
      provider: 'telnyx',
      from: ORDERS,
    });
    expect((await simulator.received(ADA)).map((received) => received.body)).toContain(command.data.body);
    const statuses = await announced('sms.outbound.status-changed.v1', 'outboundId', command.data.outboundId);
    expect(statuses.map((event) => event.data.status)).toEqual(['queued', 'sent', 'delivered']);
  });

  it('S3: an undelivered Telnyx message carries Telnyx’s error code', async () => {
    await simulator.failNumber(GRACE, 'undelivered', 40300);
    const command = sendCommand({ from: ORDERS, to: GRACE });
    const { js, ns } = service.runtime;
    await js.publish(ns.subject(command.subject), encodeEnvelope(command), { msgID: command.id });
    await eventually(async () => {
      const rows = await query<{ status: string; error_code: string }>(
        `SELECT status, error_code FROM outbound_message WHERE id = $1`,
        [command.data.outboundId],
      );
      expect(rows).toEqual([{ status: 'undelivered', error_code: '40300' }]);
    });
    await simulator.clearFailure(GRACE);
  });

  it('a reply from a Twilio number still goes out through Twilio', async () => {
    const command = sendCommand({ from: SUPPORT, to: ADA });
    const { js, ns } = service.runtime;
    await js.publish(ns.subject(command.subject), encodeEnvelope(command), { msgID: command.id });
    const [message] = await eventually(async () => {
      const rows = await query<{ provider: string; provider_message_id: string; status: string }>(
        `SELECT provider, provider_message_id, status FROM outbound_message WHERE id = $1`,
        [command.data.outboundId],
      );
      expect(rows).toEqual([expect.objectContaining({ status: 'delivered' })]);
      return rows;
    });
    expect(message!.provider).toBe('twilio');
    expect(message!.provider_message_id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(await simulator.message(message!.provider_message_id)).toMatchObject({ provider: 'twilio' });
  });

  it('seeds the demo’s Orders number at the Telnyx account', async () => {
    expect(
      await query(`SELECT provider, label, active FROM company_number WHERE address = $1`, [ORDERS]),
    ).toEqual([{ provider: 'telnyx', label: 'Orders', active: true }]);
  });

  it('documents the Telnyx webhook in OpenAPI: signed (no security scheme), with its refusal codes', async () => {
    const document = (await (await fetch(`${service.url}/docs/openapi.json`)).json()) as {
      paths: Record<
        string,
        { post?: { security?: unknown[]; responses: Record<string, { description: string }> } }
      >;
    };
    const webhook = document.paths['/webhooks/telnyx']?.post;
    expect(webhook?.security).toEqual([]);
    expect(webhook?.responses['403']?.description).toContain(
      'SIGNATURE_MISSING, SIGNATURE_INVALID, SIGNATURE_STALE, SIGNATURE_REPLAYED',
    );
    expect(webhook?.responses['400']?.description).toContain('UNKNOWN_COMPANY_NUMBER');
  });
});
