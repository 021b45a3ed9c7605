// The whole system with its demo data, as every spec that drives it through the simulator and
// the agent API starts it: an isolated environment, the processes, a phone, a database reader
// and logged-in agents, stopped together.
import type { SpanRecord } from '@threadline/platform';
import {
  AgentClient,
  createIsolatedEnvironment,
  type IsolatedEnvironment,
  ProviderSimulatorClient,
  readSpans,
  resolveTestServers,
  type RunningSystem,
  startSystem,
  type SystemOptions,
  tracesFilePath,
} from '@threadline/testkit';
import { Client } from 'pg';
import { type AgentName, PASSWORD } from './demo';

/** The AUTH_JWT_SECRET specs give agent-gateway when they sign tokens of their own. */
export const JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-signing';

export interface DemoSystemOptions extends SystemOptions {
  /** Every process writes its spans to a fresh file, read back with `spans()`. */
  traces?: boolean;
}

export interface DemoSystem {
  environment: IsolatedEnvironment;
  system: RunningSystem;
  urls: RunningSystem['urls'];
  /** The requesters' phones. */
  simulator: ProviderSimulatorClient;
  /** A connection to the environment's database, to read what the services hold. */
  db: Client;
  /** Logs a demo agent in (REST only); `stop` closes its socket if it opened one. */
  login(name: AgentName): Promise<AgentClient>;
  /** Logs a demo agent in, opens its socket and makes it available, so routing offers it work. */
  loginAvailable(name: AgentName): Promise<AgentClient>;
  /** The bodies `phone` received, oldest first. */
  bodiesReceivedBy(phone: string): Promise<string[]>;
  /** The spans written so far; needs `traces: true`. */
  spans(): SpanRecord[];
  /** Closes the agents' sockets and the database connection, stops the processes, drops the environment. */
  stop(): Promise<void>;
}

/** Starts the system on a new isolated environment, seeded with the demo data (./demo.ts). */
export async function startDemoSystem(options: DemoSystemOptions = {}): Promise<DemoSystem> {
  const { traces, ...systemOptions } = options;
  const tracesFile = traces ? tracesFilePath() : undefined;
  const environment = await createIsolatedEnvironment(await resolveTestServers());
  let system: RunningSystem | undefined;
  const db = new Client({ connectionString: environment.databaseUrl });
  const agents: AgentClient[] = [];

  const stop = async () => {
    for (const agent of agents) agent.close();
    try {
      await db.end();
    } finally {
      try {
        await system?.stop();
      } finally {
        await environment.dispose();
      }
    }
  };

  try {
    system = await startSystem(environment, {
      ...systemOptions,
      env: {
        ...systemOptions.env,
        // Every trace, not the shipped tenth: the spec reads the spans of one conversation.
        ...(tracesFile && { OTEL_TRACES_FILE: tracesFile, OTEL_TRACES_SAMPLER: 'parentbased_always_on' }),
      },
    });
    await db.connect();
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  const { urls } = system;
  const simulator = new ProviderSimulatorClient(urls.simulator);
  const login = async (name: AgentName) => {
    const agent = await AgentClient.login(urls['agent-gateway'], name, PASSWORD);
    agents.push(agent);
    return agent;
  };
  return {
    environment,
    system,
    urls,
    simulator,
    db,
    login,
    async loginAvailable(name) {
      const agent = await login(name);
      await agent.connect();
      await agent.setPresence('available');
      return agent;
    },
    async bodiesReceivedBy(phone) {
      return (await simulator.received(phone)).map((message) => message.body);
    },
    spans() {
      if (!tracesFile) throw new Error('startDemoSystem was not asked for traces');
      return readSpans(tracesFile);
    },
    stop,
  };
}
