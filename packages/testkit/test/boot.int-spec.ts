import { streams } from '@threadline/contracts';
import { platformConfigSchema, type ServiceDefinition } from '@threadline/platform';
import { bootService, createIsolatedEnvironment, type IsolatedEnvironment, resolveTestServers } from '../src';

const definition: ServiceDefinition = {
  name: 'probe',
  schema: 'probe',
  configSchema: platformConfigSchema,
  streams: [streams.TIMER],
  migrations: [],
  imports: [],
};

describe('bootService', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment(await resolveTestServers());
  });

  afterAll(async () => {
    await environment.dispose();
  });

  it('runs a service in the test process on a free port, isolated in the run’s namespace', async () => {
    const service = await bootService(definition, environment);
    try {
      expect(service.port).toBeGreaterThan(0);
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
      const info = await service.runtime.jsm.streams.info(`${environment.namespace.toUpperCase()}_TIMER`);
      expect(info.config.subjects).toEqual([`${environment.namespace}.timer.>`]);
    } finally {
      await service.stop();
    }
  });

  it('lets two services share the process without clashing metrics', async () => {
    const [a, b] = await Promise.all([
      bootService(definition, environment),
      bootService(definition, environment),
    ]);
    try {
      expect(a.port).not.toBe(b.port);
      expect((await fetch(`${a.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${b.url}/metrics`)).status).toBe(200);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
