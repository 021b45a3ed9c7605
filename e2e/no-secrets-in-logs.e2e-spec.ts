// Nothing secret in logs (issue 15, item 6): the whole system runs a conversation on Twilio and one
// on Telnyx (text, offer, accept, reply, delivered), a failed login, an opt-out and the operator
// endpoints, at the debug level, with a distinct value for every secret it is configured with; then
// everything each process wrote is searched for those values, the tokens handed out, the
// passwords typed and every phone number of the flow written whole instead of masked.
import {
  type AgentClient,
  eventually,
  findLogLeaks,
  phoneNumbers,
  type SecretToFind,
} from '@threadline/testkit';
import { type ErrorBody } from './support/agent-api';
import {
  ADA,
  ALAN,
  ORDERS,
  PASSWORD,
  SIMULATOR_ACCOUNT_SID,
  SUPPORT,
  SUPPORT_OPT_OUT_CONFIRMATION,
} from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

/** One value per secret the system is configured with, each long enough to be told apart. */
const SECRETS = {
  AUTH_JWT_SECRET: 'logs-e2e-jwt-secret-0b7c1e5a9d2f4c68a1e3',
  TWILIO_AUTH_TOKEN: 'logs-e2e-twilio-token-5f2a8c1d7e9b3046',
  TELNYX_API_KEY: 'KEYlogs-e2e-telnyx-api-key-91c4e7a2b8d0',
  MEDIA_URL_SECRET: 'logs-e2e-media-url-secret-3d6f0a9c2e7b5148',
  OPERATOR_TOKEN: 'logs-e2e-operator-token-7a1c9e3f5b2d8064',
} as const;
/** A password somebody typed for alice that is not hers. */
const WRONG_PASSWORD = 'logs-e2e-not-alices-password';

describe('nothing secret in any process log, end to end', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let stopped = false;
  const optingOut = phoneNumbers('+1555704')();

  beforeAll(async () => {
    demo = await startDemoSystem({
      // Seven processes at the debug level starting side by side: more than the usual 30 s each.
      startTimeoutMs: 150_000,
      // The most an operator would turn on while debugging: what it shows must be safe too.
      env: { LOG_LEVEL: 'debug', OPERATOR_TOKEN: SECRETS.OPERATOR_TOKEN },
      envOf: {
        'agent-gateway': { AUTH_JWT_SECRET: SECRETS.AUTH_JWT_SECRET },
        'sms-gateway': {
          TWILIO_AUTH_TOKEN: SECRETS.TWILIO_AUTH_TOKEN,
          TELNYX_API_KEY: SECRETS.TELNYX_API_KEY,
          MEDIA_URL_SECRET: SECRETS.MEDIA_URL_SECRET,
        },
        simulator: { SIM_AUTH_TOKEN: SECRETS.TWILIO_AUTH_TOKEN, SIM_TELNYX_API_KEY: SECRETS.TELNYX_API_KEY },
      },
    });
    alice = await demo.loginAvailable('alice');
  }, 300_000);

  afterAll(async () => {
    if (!stopped) await demo?.stop();
  });

  /** A requester texts `companyNumber`; alice accepts, replies and sees the reply delivered. */
  async function conversation(phone: string, companyNumber: string, text: string): Promise<void> {
    const sent = await demo.simulator.sendSms(phone, companyNumber, text);
    expect(sent.webhook.status).toBe(200);
    const offer = await alice.waitForEvent('offer.created', (data) => data.firstMessage === text);
    const { workItemId, interactionId } = offer.data as { workItemId: string; interactionId: string };
    await alice.expect(200, 'POST', `/offers/${workItemId}/accept`);
    const reply = await alice.expect<{ messageId: string }>(
      202,
      'POST',
      `/interactions/${interactionId}/messages`,
      {
        body: `Reply to ${text}`,
      },
    );
    await alice.waitForEvent(
      'message.status-changed',
      (data) => data.messageId === reply.messageId && data.deliveryStatus === 'delivered',
    );
  }

  it('runs the flow: two conversations, a failed login, an opt-out, the operator endpoints', async () => {
    await conversation(ADA.phone, SUPPORT, 'Hi, my order is late');
    await conversation(ALAN.phone, ORDERS, 'Has my order shipped?');

    const failed = await fetch(`${demo.urls['agent-gateway']}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: WRONG_PASSWORD }),
    });
    expect(failed.status).toBe(401);
    expect(((await failed.json()) as ErrorBody).error.code).toBeDefined();

    await demo.simulator.sendSms(optingOut, SUPPORT, 'STOP');
    await eventually(async () =>
      expect(await demo.bodiesReceivedBy(optingOut)).toContain(SUPPORT_OPT_OUT_CONFIRMATION),
    );

    for (const service of ['sms-gateway', 'interaction'] as const) {
      const answer = await fetch(`${demo.urls[service]}/ops/dead-letters`, {
        headers: { authorization: `Bearer ${SECRETS.OPERATOR_TOKEN}` },
      });
      expect(answer.status).toBe(200);
    }
  }, 300_000);

  it('leaves no secret, token, password or whole phone number in what any process wrote', async () => {
    const outputs = Object.fromEntries(
      Object.entries(demo.system.processes).map(([name, running]) => [name, running.output]),
    );
    // Stopped first, so what the processes write while shutting down is searched too.
    stopped = true;
    await demo.stop();
    const secrets: SecretToFind[] = [
      ...Object.entries(SECRETS).map(([label, value]) => ({ label, value })),
      // What sms-gateway sends Twilio: the account and token as HTTP basic credentials.
      {
        label: 'Twilio basic credentials',
        value: Buffer.from(`${SIMULATOR_ACCOUNT_SID}:${SECRETS.TWILIO_AUTH_TOKEN}`).toString('base64'),
      },
      { label: "alice's access token", value: alice.token },
      // The signature alone is what a log that cut the token short would still hold.
      { label: "alice's access token signature", value: alice.token.split('.')[2] ?? alice.token },
      { label: 'the demo password', value: PASSWORD },
      { label: 'a wrong password typed at login', value: WRONG_PASSWORD },
      ...urlPasswords({
        DATABASE_URL: demo.environment.databaseUrl,
        REDIS_URL: demo.environment.servers.redisUrl,
      }),
    ];
    const phones = [ADA.phone, ALAN.phone, optingOut, SUPPORT, ORDERS];
    // The search is over what the flow really logged, in every process.
    for (const lines of Object.values(outputs)) expect(lines.length).toBeGreaterThan(10);
    expect(outputs['sms-gateway']).toEqual(
      expect.arrayContaining([
        expect.stringContaining('inbound SMS accepted'),
        expect.stringContaining('status callback applied'),
      ]),
    );
    expect(findLogLeaks(outputs, secrets, phones)).toEqual([]);
  });
});

/**
 * The password of a server's URL, as it sits in the URL (`:password@`): a local password is often
 * a public word such as `postgres`, which the URL's scheme and user hold too, so only the
 * credential as a whole tells a leak from the redacted `***:***@`.
 */
function urlPasswords(urls: Record<string, string>): SecretToFind[] {
  return Object.entries(urls).flatMap(([variable, url]) => {
    const { password } = new URL(url);
    return password ? [{ label: `the password in ${variable}`, value: `:${password}@` }] : [];
  });
}
