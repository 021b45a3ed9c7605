// Send rates per company number (docs/send-rates.md): two sms-gateway replicas and the provider
// simulator as processes; send commands are published faster than each number's rate for a
// minute, and the simulator's arrival times show the rate each number was actually sent at.
// Beside it, in the same run, the raw rate of the same two replicas sending from a short code
// whose rate is far above what they can do (the limiter effectively off).
//
//   node dist/send-rate.bench.js   (BENCH_SEND_RATE_SECONDS=60, BENCH_RAW_MESSAGES=2000 by default)
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { countSegments, createEnvelope, encodeEnvelope } from '@threadline/contracts';
import { createDataSource, Namespace } from '@threadline/platform';
import {
  createIsolatedEnvironment,
  freePort,
  resolveTestServers,
  serviceBinary,
  SIMULATOR_BINARY,
  spawnService,
  type ServiceProcess,
} from '@threadline/testkit';
import { percentile, runPool } from './stats';

const SECONDS = Number(process.env.BENCH_SEND_RATE_SECONDS ?? 60);
const RAW_MESSAGES = Number(process.env.BENCH_RAW_MESSAGES ?? 2_000);
/** Commands are published this much faster than each number may send. */
const OFFERED = 1.2;

interface LimitedNumber {
  address: string;
  type: 'long_code' | 'toll_free';
  rate: number;
  /** The body of the n-th message: its segments are what the rate counts. */
  body: (index: number) => string;
}

const LONG_CODE: LimitedNumber = {
  address: '+15550190001',
  type: 'long_code',
  rate: 10,
  body: (index) => `Long code message ${index}`,
};
// Every third message takes two segments, so the rate counts segments, not messages.
const TOLL_FREE: LimitedNumber = {
  address: '+15550190002',
  type: 'toll_free',
  rate: 4,
  body: (index) =>
    index % 3 === 2
      ? `Toll-free message ${index} ${'in two segments '.repeat(10)}`
      : `Toll-free message ${index}`,
};
const SHORT_CODE = '+15550190003';

interface Sent {
  body: string;
  numSegments: number;
  dateCreated: string;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const segmentsOf = (body: string) => Math.max(1, countSegments(body).segments);

async function main(): Promise<void> {
  say(
    `send-rate benchmark: 2 sms-gateway replicas, ${SECONDS} s at ${OFFERED}× each number's rate, then ${RAW_MESSAGES} raw sends`,
  );
  const environment = await createIsolatedEnvironment(await resolveTestServers());
  const [gatewayPort, simulatorPort] = [await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const processes: ServiceProcess[] = [];
  const nc = await connect({ servers: environment.servers.natsUrl });
  try {
    processes.push(
      await spawnService(SIMULATOR_BINARY, {
        ...environment.env,
        LOG_LEVEL: 'info',
        SIM_HTTP_PORT: String(simulatorPort),
        SIM_INBOUND_WEBHOOK_URL: `${gatewayUrl}/webhooks/twilio/sms`,
      }),
    );
    const gatewayEnv = {
      ...environment.env,
      LOG_LEVEL: 'info',
      TWILIO_API_BASE_URL: simulatorUrl,
      SMS_PUBLIC_BASE_URL: gatewayUrl,
      SMS_RATE_LONG_CODE: String(LONG_CODE.rate),
      SMS_RATE_TOLL_FREE: String(TOLL_FREE.rate),
      SMS_RATE_SHORT_CODE: '10000',
    };
    const gateway = serviceBinary('sms-gateway', 'main.js');
    // One after the other: the first migrates the schema.
    processes.push(await spawnService(gateway, { ...gatewayEnv, HTTP_PORT: String(gatewayPort) }));
    processes.push(await spawnService(gateway, { ...gatewayEnv, HTTP_PORT: '0' }));
    await seedNumbers(environment.databaseUrl);

    const js = jetstream(nc);
    const ns = new Namespace(environment.namespace);
    const publishedAt = new Map<string, number>();
    let recipient = 0;
    const publish = async (from: string, body: string) => {
      const to = `+1555126${String(recipient++ % 10_000).padStart(4, '0')}`;
      const command = createEnvelope(
        'sms.outbound.send.v1',
        { outboundId: randomUUID(), from, to, body, interactionId: randomUUID() },
        { correlationId: randomUUID() },
      );
      publishedAt.set(body, Date.now());
      await js.publish(ns.subject(command.subject), encodeEnvelope(command), { msgID: command.id });
    };

    say(`1. rate-limited: ${describeNumber(LONG_CODE)} and ${describeNumber(TOLL_FREE)}, for ${SECONDS} s`);
    const published = await Promise.all(
      [LONG_CODE, TOLL_FREE].map((number) =>
        publishAboveRate(number, (body) => publish(number.address, body)),
      ),
    );
    say('   published; waiting for the backlog to drain');
    const limited = await Promise.all(
      [LONG_CODE, TOLL_FREE].map((number, index) => allSent(simulatorUrl, number.address, published[index]!)),
    );

    say(`2. raw: ${RAW_MESSAGES} sends from a short code at 10000 segments/s, published at once`);
    await runPool(RAW_MESSAGES, 64, (index) => publish(SHORT_CODE, `Raw message ${index}`));
    const raw = await allSent(simulatorUrl, SHORT_CODE, RAW_MESSAGES);

    say('');
    say(
      'number         type        configured   observed over the window   vs configured   max in any 1 s   wait p50 / p99',
    );
    for (const [index, number] of [LONG_CODE, TOLL_FREE].entries()) {
      const sent = limited[index]!;
      const times = sent.map((message) => Date.parse(message.dateCreated));
      const start = times[0]!;
      const inWindow = sent.filter((_, at) => times[at]! < start + SECONDS * 1000);
      const observed = inWindow.reduce((sum, message) => sum + message.numSegments, 0) / SECONDS;
      const waits = waitsOf(sent, publishedAt);
      say(
        [
          number.address.padEnd(14),
          number.type.padEnd(11),
          `${number.rate} seg/s`.padEnd(12),
          `${observed.toFixed(3)} seg/s (${SECONDS} s)`.padEnd(26),
          `${signed(((observed - number.rate) / number.rate) * 100)} %`.padEnd(15),
          `${maxInOneSecond(sent, times)} seg`.padEnd(16),
          `${waits.p50} / ${waits.p99} ms`,
        ].join(' '),
      );
    }
    const rawTimes = raw.map((message) => Date.parse(message.dateCreated));
    const rawSpan = (rawTimes.at(-1)! - rawTimes[0]!) / 1000;
    const rawWaits = waitsOf(raw, publishedAt);
    say(
      [
        SHORT_CODE.padEnd(14),
        'short_code'.padEnd(11),
        '10000 seg/s'.padEnd(12),
        `${((raw.length - 1) / rawSpan).toFixed(1)} seg/s (${rawSpan.toFixed(1)} s)`.padEnd(26),
        'raw baseline'.padEnd(15),
        `${maxInOneSecond(raw, rawTimes)} seg`.padEnd(16),
        `${rawWaits.p50} / ${rawWaits.p99} ms`,
      ].join(' '),
    );
    say('');
    say(
      'observed: segments that reached the simulator within the window from the first arrival, divided by its length;',
    );
    say(
      'wait: from publishing the command to the simulator receiving the message (the backlog grows while commands',
    );
    say(`arrive ${OFFERED}× faster than the rate).`);
  } finally {
    await nc.close();
    await Promise.all(processes.map((running) => running.stop('SIGTERM')));
    await environment.dispose();
  }
}

function describeNumber(number: LimitedNumber): string {
  return `${number.type} ${number.address} at ${number.rate} segments/s`;
}

async function seedNumbers(databaseUrl: string): Promise<void> {
  const db = createDataSource({
    url: databaseUrl,
    schema: 'sms_gateway',
    poolSize: 1,
    applicationName: 'bench',
    migrations: [],
  });
  await db.initialize();
  try {
    for (const [address, type] of [
      [LONG_CODE.address, LONG_CODE.type],
      [TOLL_FREE.address, TOLL_FREE.type],
      [SHORT_CODE, 'short_code'],
    ]) {
      await db.query(
        `INSERT INTO sms_gateway.company_number (address, provider, label, active, number_type)
         VALUES ($1, 'twilio', $2, true, $3)`,
        [address, `Bench ${type}`, type],
      );
    }
  } finally {
    await db.destroy();
  }
}

/** Publishes `number`'s messages OFFERED× faster than its rate for SECONDS; answers how many. */
async function publishAboveRate(
  number: LimitedNumber,
  publish: (body: string) => Promise<void>,
): Promise<number> {
  const started = Date.now();
  const pending: Array<Promise<void>> = [];
  let due = started;
  let index = 0;
  while (Date.now() - started < SECONDS * 1000) {
    const body = number.body(index++);
    pending.push(publish(body));
    due += (segmentsOf(body) * 1000) / (number.rate * OFFERED);
    await sleep(Math.max(0, due - Date.now()));
  }
  await Promise.all(pending);
  return index;
}

/** The simulator's record of what `from` sent, once `count` messages arrived. */
async function allSent(simulatorUrl: string, from: string, count: number): Promise<Sent[]> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const sent = (await (
      await fetch(`${simulatorUrl}/sim/numbers/${encodeURIComponent(from)}/sent`)
    ).json()) as Sent[];
    if (sent.length >= count) return sent;
    if (Date.now() > deadline) throw new Error(`only ${sent.length} of ${count} sends from ${from} arrived`);
    await sleep(1_000);
  }
}

function waitsOf(sent: Sent[], publishedAt: Map<string, number>): { p50: number; p99: number } {
  const waits = sent
    .map((message) => Date.parse(message.dateCreated) - publishedAt.get(message.body)!)
    .sort((a, b) => a - b);
  return { p50: Math.round(percentile(waits, 50)), p99: Math.round(percentile(waits, 99)) };
}

/** The most segments that arrived within any one second (what a carrier's per-second limit sees). */
function maxInOneSecond(sent: Sent[], times: number[]): number {
  let most = 0;
  let from = 0;
  let segments = 0;
  for (let to = 0; to < sent.length; to++) {
    segments += sent[to]!.numSegments;
    while (times[to]! - times[from]! >= 1000) segments -= sent[from++]!.numSegments;
    most = Math.max(most, segments);
  }
  return most;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
