import { streams } from '@threadline/contracts';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/config';
import { defineService } from './service-definition';

describe('defineService', () => {
  const service = defineService({
    name: 'sms-gateway',
    defaultPort: 3001,
    streams: [streams.SMS],
    summary: 'Provider webhooks in, provider API out.',
    readinessRequires: ['postgres'],
  });

  it('names the schema after the service, in snake case', () => {
    expect(service.schema).toBe('sms_gateway');
  });

  it('listens on the default port unless HTTP_PORT says otherwise', () => {
    expect(loadConfig(service.configSchema, {}).HTTP_PORT).toBe(3001);
    expect(loadConfig(service.configSchema, { HTTP_PORT: '4001' }).HTTP_PORT).toBe(4001);
  });

  it('titles the OpenAPI document from the name and summary', () => {
    expect(service.openApi).toEqual({
      title: 'Threadline sms-gateway',
      description: 'Provider webhooks in, provider API out.',
    });
  });

  describe('development defaults', () => {
    const spec = {
      name: 'x',
      defaultPort: 1,
      streams: [],
      summary: '',
      readinessRequires: ['postgres'] as const,
      config: { X_TOKEN: z.string().default('x-demo-token') },
      developmentDefaults: { X_TOKEN: 'x-demo-token' },
    };

    it('are refused by the config schema when NODE_ENV=production, and only then', () => {
      const { configSchema } = defineService(spec);
      expect(loadConfig(configSchema, {})).toMatchObject({ X_TOKEN: 'x-demo-token' });
      expect(() => loadConfig(configSchema, { NODE_ENV: 'production' })).toThrow(ConfigError);
      expect(loadConfig(configSchema, { NODE_ENV: 'production', X_TOKEN: 'ours' })).toMatchObject({
        X_TOKEN: 'ours',
      });
    });

    it('must name variables of the config: a misspelt one would refuse nothing', () => {
      expect(() => defineService({ ...spec, developmentDefaults: { X_TOKNE: 'x-demo-token' } })).toThrow(
        'x: development defaults of unknown variables: X_TOKNE',
      );
    });
  });

  it('keeps what the spec sets explicitly', () => {
    const custom = defineService({
      name: 'x',
      defaultPort: 1,
      streams: [],
      summary: '',
      readinessRequires: ['postgres', 'nats'],
      schema: 'other',
      migrations: [],
    });
    expect(custom.schema).toBe('other');
  });
});
