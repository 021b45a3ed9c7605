import { streams } from '@threadline/contracts';
import { loadConfig } from '../config/config';
import { defineService } from './service-definition';

describe('defineService', () => {
  const service = defineService({
    name: 'sms-gateway',
    defaultPort: 3001,
    streams: [streams.SMS],
    summary: 'Provider webhooks in, provider API out.',
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

  it('keeps what the spec sets explicitly', () => {
    const custom = defineService({
      name: 'x',
      defaultPort: 1,
      streams: [],
      summary: '',
      schema: 'other',
      migrations: [],
    });
    expect(custom.schema).toBe('other');
  });
});
