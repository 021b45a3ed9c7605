import {
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  type EnvelopeOf,
  type PayloadOf,
  type Subject,
} from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { seedCompanyNumbers } from '../../src/seed';
import { smsGatewayService } from '../../src/sms-gateway.service';
import { FakeTwilioApi, newMessageSid } from './fake-twilio-api';
import { type Form, TwilioWebhooks } from './twilio-webhooks';

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'integration-test-auth-token';
/** Deliberately not where the service listens: signatures must use the configured URL. */
export const PUBLIC_BASE_URL = 'https://sms-gateway.threadline.test';
export const SUPPORT = '+15550100001';
export const BILLING = '+15550100002';
export const ADA = '+15551230001';
export const GRACE = '+15551230002';
export const OPERATOR_TOKEN = 'operator-token-for-sms-gateway-tests';

const SEND_DURABLE = 'sms-gateway_sms-outbound-send_v1';

/** The gateway on the real servers, with a fake Twilio API behind it and the demo numbers seeded. */
export class Gateway {
  private constructor(
    readonly environment: IsolatedEnvironment,
    readonly service: RunningService,
    readonly api: FakeTwilioApi,
    readonly webhooks: TwilioWebhooks,
  ) {}

  /**
   * `extraEnv` adds to or overrides the gateway's settings (SMS_RATE_LONG_CODE...); as a
   * function it is given the test's environment (to route DATABASE_URL through a TcpGate).
   */
  static async start(
    extraEnv: Record<string, string> | ((environment: IsolatedEnvironment) => Record<string, string>) = {},
  ): Promise<Gateway> {
    const environment = await createIsolatedEnvironment();
    const api = await FakeTwilioApi.start();
    const env = {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: api.url,
      SMS_PUBLIC_BASE_URL: PUBLIC_BASE_URL,
      PROVIDER_TIMEOUT_MS: '5000',
      OPERATOR_TOKEN,
      ...(typeof extraEnv === 'function' ? extraEnv(environment) : extraEnv),
    };
    const service = await bootService(smsGatewayService, environment, env);
    await service.runtime.dataSource.transaction((manager) => seedCompanyNumbers(manager));
    const gateway = new Gateway(
      environment,
      service,
      api,
      new TwilioWebhooks(service.url, PUBLIC_BASE_URL, AUTH_TOKEN),
    );
    gateway.env = env;
    return gateway;
  }

  private env: Record<string, string> = {};
  private readonly replicas: RunningService[] = [];

  /** One more gateway process on the same database, streams, Redis and fake, as a second replica. */
  async startReplica(): Promise<RunningService> {
    const replica = await bootService(smsGatewayService, this.environment, this.env);
    this.replicas.push(replica);
    return replica;
  }

  async stop(): Promise<void> {
    for (const replica of this.replicas) await replica.stop();
    await this.service.stop();
    await this.api.close();
    await this.environment.dispose();
  }

  query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.service.runtime.dataSource.query<T[]>(sql, parameters);
  }

  async count(
    table:
      | 'inbound_message'
      | 'rejected_inbound_message'
      | 'outbox'
      | 'outbound_message'
      | 'status_callback'
      | 'dead_letter',
  ) {
    const [row] = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return row!.n;
  }

  /** The value on /metrics of the series of `name` that has (at least) these labels. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`${this.service.url}/metrics`)).text();
    const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          /^\w+/.exec(candidate)?.[0] === name && wanted.every((pair) => candidate.includes(pair)),
      );
    if (line === undefined) throw new Error(`no series of ${name} with ${wanted.join(', ')} on /metrics`);
    return Number(line.split(' ').at(-1));
  }

  /** GET on an operations endpoint, with the operator token unless another (or none) is given. */
  ops(pathAndQuery: string, token: string | null = OPERATOR_TOKEN): Promise<Response> {
    return fetch(`${this.service.url}${pathAndQuery}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
  }

  /** Publishes a command onto the stream as another service's outbox relay would. */
  async publish<S extends Subject>(envelope: EnvelopeOf<S>, msgID = envelope.id): Promise<void> {
    const { js, ns } = this.service.runtime;
    await js.publish(ns.subject(envelope.subject), encodeEnvelope(envelope), { msgID });
  }

  /**
   * Everything on the stream under `subject`, once the gateway's outbox has published all it
   * committed: so "exactly these" is a fact about what the gateway announced, not a race.
   */
  async published<S extends Subject>(subject: S): Promise<Array<EnvelopeOf<S>>> {
    await eventually(async () => {
      const [row] = await this.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
      );
      expect(row!.n).toBe(0);
    });
    const { jsm, ns } = this.service.runtime;
    const stream = ns.stream('SMS');
    const info = await jsm.streams.info(stream);
    const wanted = ns.subject(subject);
    const envelopes: Array<EnvelopeOf<S>> = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq });
      if (message?.subject !== wanted) continue;
      const envelope = decodeEnvelope(subject, message.data);
      if (isEnvelopeOf(subject, envelope)) envelopes.push(envelope);
    }
    return envelopes;
  }

  /**
   * Waits until the send consumer has settled every command on the stream: none left to
   * deliver, and none delivered but unanswered except dead-lettered ones. Those are termed,
   * and the nats-server 2.9 these tests run on keeps a message termed with a reason pending
   * until its ack wait runs out, so they may still count as unacknowledged.
   */
  async sendsSettled(): Promise<void> {
    const { jsm, ns } = this.service.runtime;
    await eventually(
      async () => {
        const info = await jsm.consumers.info(ns.stream('SMS'), ns.durable(SEND_DURABLE));
        expect(info.num_pending).toBe(0);
        expect(info.num_ack_pending).toBeLessThanOrEqual(await this.count('dead_letter'));
      },
      { timeoutMs: 20_000 },
    );
  }
}

function isEnvelopeOf<S extends Subject>(
  subject: S,
  envelope: EnvelopeOf<Subject>,
): envelope is EnvelopeOf<S> {
  return envelope.subject === subject;
}

/** A send command as interaction would issue it; the Body is unique so the fake can script it. */
export function sendCommand(overrides: Partial<PayloadOf<'sms.outbound.send.v1'>> = {}) {
  const data = {
    outboundId: uuidv7(),
    from: SUPPORT,
    to: ADA,
    body: `Reply ${uuidv7()}`,
    interactionId: uuidv7(),
    ...overrides,
  };
  return createEnvelope('sms.outbound.send.v1', data, { correlationId: data.interactionId });
}

/** An inbound webhook form as Twilio sends it for a plain SMS, with a fresh MessageSid. */
export function inboundForm(overrides: Form = {}): Form {
  return {
    ToCountry: 'US',
    SmsMessageSid: '',
    NumMedia: '0',
    SmsSid: '',
    SmsStatus: 'received',
    Body: 'My order has not arrived',
    To: SUPPORT,
    NumSegments: '1',
    MessageSid: newMessageSid(),
    AccountSid: ACCOUNT_SID,
    From: ADA,
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}
