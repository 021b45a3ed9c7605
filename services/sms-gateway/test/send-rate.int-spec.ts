import type { RunningService } from '@threadline/platform';
import { eventually } from '@threadline/testkit';
import { accepted, type RecordedSend, refused } from './support/fake-twilio-api';
import { Gateway, sendCommand } from './support/gateway';

/** Test rates, fast enough to measure in seconds: one segment every 200 ms, every 100 ms. */
const LONG_CODE_RATE = 5;
const TOLL_FREE_RATE = 10;
const LONG_CODE_SPACING_MS = 1000 / LONG_CODE_RATE;
const TOLL_FREE_SPACING_MS = 1000 / TOLL_FREE_RATE;
/**
 * How late a send may arrive after its turn: the transaction and the HTTP call after waking,
 * in a test process that also publishes, on a busy machine. A late send shortens the gap to
 * the next one, so spacing is checked over several sends, where lateness is a small part.
 */
const JITTER_MS = 150;
/** Sends over which spacing is checked. */
const WINDOW = 5;

const SEND_CONSUMER = 'sms-gateway_sms-outbound-send_v1';

describe('sms-gateway: send rates per company number', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await Gateway.start({
      SMS_RATE_LONG_CODE: String(LONG_CODE_RATE),
      SMS_RATE_TOLL_FREE: String(TOLL_FREE_RATE),
    });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  /** A company number of its own for each test, so no test waits behind another's turns. */
  let numbers = 0;
  async function companyNumber(type: 'long_code' | 'toll_free' = 'long_code'): Promise<string> {
    const address = `+1555017${String(++numbers).padStart(4, '0')}`;
    await gateway.query(
      `INSERT INTO company_number (address, provider, label, active, number_type) VALUES ($1, 'twilio', $2, true, $3)`,
      [address, `Rates ${numbers}`, type],
    );
    return address;
  }

  /** `count` sends from `from`, each to its own requester (so none waits for another's pair), in order. */
  async function publishBurst(
    from: string,
    count: number,
    body = (index: number) => `Burst ${index} ${from}`,
  ) {
    const commands = [];
    for (let index = 0; index < count; index++) {
      const command = sendCommand({
        from,
        to: `+1555124${String(index).padStart(4, '0')}`,
        body: body(index),
      });
      await gateway.publish(command);
      commands.push(command);
    }
    return commands;
  }

  /** The send the provider accepted of each command, in the order of `commands`, once all arrived. */
  async function acceptedSendsOf(commands: Array<ReturnType<typeof sendCommand>>): Promise<RecordedSend[]> {
    return eventually(
      async () => {
        const sends = commands.map((command) => gateway.api.sendsOf(command.data.body).at(-1));
        expect(sends.every((send) => send !== undefined)).toBe(true);
        const [row] = await gateway.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbound_message WHERE id = ANY($1) AND status = 'queued'`,
          [commands.map((command) => command.data.outboundId)],
        );
        expect(row!.n).toBe(commands.length);
        return sends as RecordedSend[];
      },
      { timeoutMs: 30_000 },
    );
  }

  const arrivals = (sends: RecordedSend[]) => sends.map((send) => gateway.api.arrivalOf(send));
  /** For every run of WINDOW consecutive sends, the time from its first to its last. */
  const windowSpans = (times: number[]) => times.slice(WINDOW - 1).map((time, index) => time - times[index]!);
  const byArrival = (sends: RecordedSend[]) =>
    [...sends]
      .sort((a, b) => gateway.api.arrivalOf(a) - gateway.api.arrivalOf(b))
      .map((send) => send.form.Body);

  async function handledBy(service: RunningService): Promise<number> {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          candidate.startsWith('threadline_consumer_messages_total{') &&
          candidate.includes(`consumer="${SEND_CONSUMER}"`) &&
          candidate.includes('outcome="handled"'),
      );
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  }

  it('a burst from a long code leaves at the long-code rate, one spacing apart, in the order it was asked for', async () => {
    const from = await companyNumber();
    const waitedBefore = await gateway.metric('sms_send_rate_wait_seconds_count');
    const commands = await publishBurst(from, 10);

    const sends = await acceptedSendsOf(commands);
    expect(byArrival(sends)).toEqual(commands.map((command) => command.data.body));
    // Each send's wait is measured.
    expect(await gateway.metric('sms_send_rate_wait_seconds_count')).toBeGreaterThanOrEqual(
      waitedBefore + 10,
    );
    const times = arrivals(sends);
    for (const span of windowSpans(times)) {
      expect(span).toBeGreaterThanOrEqual((WINDOW - 1) * LONG_CODE_SPACING_MS - JITTER_MS);
    }
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(9 * LONG_CODE_SPACING_MS - JITTER_MS);
  });

  it('S4: a message of several segments takes as many turns, at its number type’s rate (toll-free)', async () => {
    const from = await companyNumber('toll_free');
    const threeSegments = (index: number) =>
      `${'Long answer '.repeat(38)}${index}`.slice(0, 153 * 2 + 20) + ` ${from}`;
    const commands = await publishBurst(from, 3, (index) =>
      index === 0 ? threeSegments(index) : `Short ${index} ${from}`,
    );

    const sends = await acceptedSendsOf(commands);
    expect(byArrival(sends)).toEqual(commands.map((command) => command.data.body));
    const [first, , last] = arrivals(sends);
    // Three toll-free segments then one (400 ms): not one and one (200 ms), and not at the
    // long-code rate (800 ms).
    expect(last! - first!).toBeGreaterThanOrEqual(4 * TOLL_FREE_SPACING_MS - JITTER_MS / 2);
    expect(last! - first!).toBeLessThan(4 * LONG_CODE_SPACING_MS - JITTER_MS);
  });

  it('a 429 from the provider pauses the number for its Retry-After, and the message still goes', async () => {
    const from = await companyNumber();
    const [throttled, ...following] = await publishBurst(from, 3, (index) =>
      index === 0 ? `Throttled ${from}` : `After the pause ${index} ${from}`,
    );
    // Scripted before the turn of the first send can come: publishing took a moment, but the
    // gateway books that turn first and waits for nothing.
    gateway.api.script(
      throttled!.data.body,
      refused(429, 20429, 'Too Many Requests', { 'retry-after': '2' }),
      accepted(),
    );
    const all = [throttled!, ...following];
    const throttledBefore = await gateway.metric('sms_provider_throttled_total');

    await acceptedSendsOf(all);
    const attempts = gateway.api.sendsOf(throttled!.data.body);
    // The script was in place in time only if the first attempt was answered 429.
    expect(attempts).toHaveLength(2);
    const pausedAt = gateway.api.arrivalOf(attempts[0]!);
    for (const send of [
      attempts[1]!,
      ...following.map((command) => gateway.api.sendsOf(command.data.body)[0]!),
    ]) {
      expect(gateway.api.arrivalOf(send) - pausedAt).toBeGreaterThanOrEqual(2_000 - JITTER_MS);
    }
    expect(following.every((command) => gateway.api.sendsOf(command.data.body).length === 1)).toBe(true);
    expect(await gateway.metric('sms_provider_throttled_total')).toBe(throttledBefore + 1);
  });

  it('another number is not slowed by a busy one', async () => {
    const busy = await companyNumber();
    const quiet = await companyNumber();
    // Six seconds of turns, more sends than a consumer handles at once by default.
    const backlog = await publishBurst(busy, 30);
    const published = Date.now();
    const [alone] = await publishBurst(quiet, 1);

    const [sent] = await acceptedSendsOf([alone!]);
    expect(gateway.api.arrivalOf(sent!) - published).toBeLessThan(1_000);
    const busySends = await acceptedSendsOf(backlog);
    expect(Math.max(...arrivals(busySends))).toBeGreaterThan(gateway.api.arrivalOf(sent!) + 3_000);
  });

  it('two gateway replicas together keep one number’s rate', async () => {
    const replica = await gateway.startReplica();
    const handledBefore = [await handledBy(gateway.service), await handledBy(replica)];
    const from = await companyNumber();
    const published = Date.now();
    const commands = await publishBurst(from, 16);

    const sends = await acceptedSendsOf(commands);
    const times = arrivals(sends).sort((a, b) => a - b);
    // The n-th send, whichever replica made it, never reaches the provider before its turn: n
    // spacings after the burst. (Measured from the burst, not between arrivals: a send that
    // wakes late on a busy machine lands just before the next one, which is on time.)
    times.forEach((time, n) =>
      expect(time - published).toBeGreaterThanOrEqual(n * LONG_CODE_SPACING_MS - JITTER_MS),
    );
    // Both replicas sent some, so the spacing held across processes.
    const handledAfter = [await handledBy(gateway.service), await handledBy(replica)];
    expect(handledAfter[0]! - handledBefore[0]!).toBeGreaterThan(0);
    expect(handledAfter[1]! - handledBefore[1]!).toBeGreaterThan(0);
  });
});
