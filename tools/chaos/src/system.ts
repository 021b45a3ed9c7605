import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  DEMO_COMPANY_NUMBERS_FILE,
  freePort,
  SEEDED_SERVICES,
  SERVICE_NAMES,
  serviceBinary,
  type ServiceName,
  SIMULATOR_BINARY,
  simulatorWiring,
  smsGatewayWiring,
} from '@threadline/testkit';
import { type PrivateServers } from './servers';
import { type ProcessSpec, type Supervisor } from './supervisor';

const run = promisify(execFile);

export interface ChaosSystem {
  gatewayUrl: string;
  agentGatewayUrl: string;
  simulatorUrl: string;
}

/**
 * The six services and the provider simulator under the supervisor, wired as testkit's
 * startSystem wires them, except that every process has a fixed port: a restarted process comes
 * back where the others (and the load) expect it.
 */
export async function startChaosSystem(
  servers: PrivateServers,
  supervisor: Supervisor,
): Promise<ChaosSystem> {
  const ports = new Map<ServiceName | 'simulator', number>();
  for (const name of [...SERVICE_NAMES, 'simulator'] as const) ports.set(name, await freePort());
  const urlOf = (name: ServiceName | 'simulator') => `http://127.0.0.1:${ports.get(name)}`;
  const gatewayUrl = urlOf('sms-gateway');
  const simulatorUrl = urlOf('simulator');
  const common: Record<string, string> = {
    ...servers.env,
    NODE_ENV: 'test',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '50',
    SHUTDOWN_GRACE_MS: '3000',
  };
  const own: Partial<Record<ServiceName, Record<string, string>>> = {
    'sms-gateway': smsGatewayWiring(gatewayUrl, simulatorUrl),
    interaction: { INTERACTION_COMPANY_NUMBERS_FILE: DEMO_COMPANY_NUMBERS_FILE },
  };
  const specOf = (name: ServiceName): ProcessSpec => ({
    name,
    entry: serviceBinary(name, 'main.js'),
    env: { ...common, ...own[name], HTTP_PORT: String(ports.get(name)) },
  });

  await Promise.all(
    SEEDED_SERVICES.map((name) =>
      run(process.execPath, [serviceBinary(name, 'seed.js')], {
        env: { ...process.env, ...specOf(name).env },
      }),
    ),
  );
  await supervisor.start({
    name: 'simulator',
    entry: SIMULATOR_BINARY,
    env: { ...common, ...simulatorWiring(ports.get('simulator')!, gatewayUrl) },
  });
  await Promise.all(SERVICE_NAMES.map((name) => supervisor.start(specOf(name))));
  return { gatewayUrl, agentGatewayUrl: urlOf('agent-gateway'), simulatorUrl };
}
