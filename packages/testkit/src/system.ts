import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { IsolatedEnvironment } from '@threadline/platform/testing';
import { type ServiceProcess, spawnService } from './process';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

export const SERVICE_NAMES = [
  'agent-gateway',
  'sms-gateway',
  'profile',
  'interaction',
  'routing',
  'timer',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
export type ProcessName = ServiceName | 'simulator';

/** Services whose `seed` command writes demo data (docs/first-conversation.md). */
export const SEEDED_SERVICES: ServiceName[] = ['agent-gateway', 'sms-gateway', 'profile'];

export function serviceBinary(name: ServiceName, file: 'main.js' | 'migrate.js' | 'seed.js'): string {
  return join(ROOT, 'services', name, 'dist', file);
}

export const SIMULATOR_BINARY = join(ROOT, 'tools', 'provider-simulator', 'dist', 'main.js');

/**
 * The company-number settings `npm start` gives the interaction service: Support greets and goes
 * to agents, Billing starts with the built-in virtual agent (docs/virtual-agent.md).
 */
export const DEMO_COMPANY_NUMBERS_FILE = join(
  ROOT,
  'services',
  'interaction',
  'config',
  'demo-company-numbers.json',
);

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * What sms-gateway needs to work with the provider simulator: its own public URL (for webhook
 * signatures) and the simulator as both providers' API.
 */
export function smsGatewayWiring(gatewayUrl: string, simulatorUrl: string): Record<string, string> {
  return {
    SMS_PUBLIC_BASE_URL: gatewayUrl,
    TWILIO_API_BASE_URL: simulatorUrl,
    TELNYX_API_BASE_URL: simulatorUrl,
    // The demo numbers are long codes (1 segment/s each): suites, benches and chaos runs that
    // send many conversations through one number would wait on the rate, which sms-gateway's own
    // tests and the send-rate bench measure. A test that wants a rate sets it on top.
    SMS_RATE_LONG_CODE: '10000',
    SMS_RATE_TOLL_FREE: '10000',
    SMS_RATE_SHORT_CODE: '10000',
  };
}

/** What the provider simulator needs: its port, and where it posts both providers' webhooks. */
export function simulatorWiring(port: number, gatewayUrl: string): Record<string, string> {
  return {
    SIM_HTTP_PORT: String(port),
    SIM_INBOUND_WEBHOOK_URL: `${gatewayUrl}/webhooks/twilio/sms`,
    SIM_TELNYX_WEBHOOK_URL: `${gatewayUrl}/webhooks/telnyx`,
  };
}

export interface SystemOptions {
  /** Added to every process's environment (e.g. OTEL_TRACES_FILE). */
  env?: Record<string, string>;
  /** Per process, on top of `env`. */
  envOf?: Partial<Record<ProcessName, Record<string, string>>>;
  /** Write the demo agents, company numbers and directory users first (default true). */
  seed?: boolean;
  /**
   * Processes of each service (default 1). The simulator posts its webhooks to the first
   * sms-gateway; every other replica takes its share of the messages from NATS.
   */
  replicas?: number;
  /** How long each process may take to listen (default 30 s; spawnService's). */
  startTimeoutMs?: number;
}

export interface RunningSystem {
  urls: Record<ProcessName, string>;
  /** The first process of each service, and the simulator. */
  processes: Record<ProcessName, ServiceProcess>;
  /** Every process, the replicas after the first included, by name. */
  all: Array<{ name: ProcessName; process: ServiceProcess }>;
  /** Stops every process (SIGTERM: gracefully) and resolves when all exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The whole of Threadline as real processes on an isolated environment: the provider
 * simulator and the six services, wired to each other the way `npm start` wires them (the
 * simulator posts to the gateway, the gateway sends through the simulator, interaction reads
 * the demo company-number settings).
 */
export async function startSystem(
  environment: IsolatedEnvironment,
  options: SystemOptions = {},
): Promise<RunningSystem> {
  const [gatewayPort, simulatorPort] = [await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const common = { ...environment.env, LOG_LEVEL: 'info', ...options.env };
  const envOf = (name: ProcessName, own: Record<string, string> = {}) => ({
    ...common,
    // Each service logs in as its own database role (decision 46); the simulator needs none.
    ...(name === 'simulator' ? {} : { DATABASE_URL: environment.serviceDatabaseUrls[name]! }),
    ...own,
    ...options.envOf?.[name],
  });

  if (options.seed ?? true) {
    await Promise.all(
      SEEDED_SERVICES.map((name) =>
        run(process.execPath, [serviceBinary(name, 'seed.js')], { env: { ...process.env, ...envOf(name) } }),
      ),
    );
  }
  const gatewayOwn = smsGatewayWiring(gatewayUrl, simulatorUrl);
  const processes = {} as Record<ProcessName, ServiceProcess>;
  const extra: Array<{ name: ProcessName; process: ServiceProcess }> = [];
  try {
    processes.simulator = await spawnService(
      SIMULATOR_BINARY,
      envOf('simulator', simulatorWiring(simulatorPort, gatewayUrl)),
      options.startTimeoutMs,
    );
    // sms-gateway listens on the port chosen above, so it starts before the others: they bind
    // port 0, and the kernel may hand one of them the port freePort just released.
    processes['sms-gateway'] = await spawnService(
      serviceBinary('sms-gateway', 'main.js'),
      envOf('sms-gateway', { HTTP_PORT: String(gatewayPort), ...gatewayOwn }),
      options.startTimeoutMs,
    );
    // allSettled, so that when one fails every one that did start is stopped below.
    const started = await Promise.allSettled(
      SERVICE_NAMES.filter((name) => name !== 'sms-gateway').map(async (name) => {
        const own: Record<string, string> =
          name === 'interaction' ? { INTERACTION_COMPANY_NUMBERS_FILE: DEMO_COMPANY_NUMBERS_FILE } : {};
        processes[name] = await spawnService(
          serviceBinary(name, 'main.js'),
          envOf(name, own),
          options.startTimeoutMs,
        );
      }),
    );
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    // Further replicas of every service side by side, as the first ones started.
    for (let replica = 2; replica <= (options.replicas ?? 1); replica++) {
      const more = await Promise.allSettled(
        SERVICE_NAMES.map(async (name) => {
          const own: Record<string, string> = {
            HTTP_PORT: '0',
            ...(name === 'interaction' && { INTERACTION_COMPANY_NUMBERS_FILE: DEMO_COMPANY_NUMBERS_FILE }),
            ...(name === 'sms-gateway' && gatewayOwn),
          };
          const started = await spawnService(
            serviceBinary(name, 'main.js'),
            envOf(name, own),
            options.startTimeoutMs,
          );
          extra.push({ name, process: started });
        }),
      );
      const failedReplica = more.find((outcome) => outcome.status === 'rejected');
      if (failedReplica) throw failedReplica.reason;
    }
  } catch (error) {
    await Promise.all(
      [...Object.values(processes), ...extra.map((entry) => entry.process)].map((running) =>
        running.stop('SIGKILL'),
      ),
    );
    throw error;
  }
  const all = [
    ...Object.entries(processes).map(([name, running]) => ({ name: name as ProcessName, process: running })),
    ...extra,
  ];
  const urls = Object.fromEntries(
    Object.entries(processes).map(([name, running]) => [name, running.url]),
  ) as Record<ProcessName, string>;
  return {
    urls,
    processes,
    all,
    async stop(signal = 'SIGTERM') {
      await Promise.all(all.map((entry) => entry.process.stop(signal)));
    },
  };
}
