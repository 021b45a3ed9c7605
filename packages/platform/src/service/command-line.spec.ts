import { ConfigError } from '../config/config';
import { ProvisioningError } from '../nats/provisioning';
import { explainStartFailure } from './command-line';
import { DependencyUnavailableError, SchemaNotCurrentError } from './runtime';

describe('explainStartFailure', () => {
  it.each([
    ['postgres', 'pg_ctlcluster'],
    ['nats', 'nats-server -js'],
    ['redis', 'redis-server'],
  ] as const)('tells how to get %s when it is unreachable', (dependency, hint) => {
    const text = explainStartFailure(
      new DependencyUnavailableError(dependency, '127.0.0.1:1', new Error('ECONNREFUSED')),
    );
    expect(text).toContain(`cannot reach ${dependency} at 127.0.0.1:1: ECONNREFUSED`);
    expect(text).toContain(hint);
    expect(text).toContain(`docker compose up -d ${dependency}`);
  });

  it('lists the variables of a bad configuration', () => {
    const text = explainStartFailure(
      new ConfigError([{ variable: 'HTTP_PORT', problem: 'must be a number' }]),
    );
    expect(text).toContain('HTTP_PORT: must be a number');
  });

  it('explains a stream that cannot be provisioned', () => {
    const text = explainStartFailure(
      new ProvisioningError('stream SMS has storage different from the declaration'),
    );
    expect(text).toContain('NATS streams or consumers could not be set up: stream SMS has storage');
  });

  it('says to run the migrate command when the schema is behind', () => {
    expect(explainStartFailure(new SchemaNotCurrentError('profile'))).toContain('run the migrate command');
  });

  it('explains a port that is taken', () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use 0.0.0.0:3002'), {
      code: 'EADDRINUSE',
    });
    expect(explainStartFailure(error)).toContain('set HTTP_PORT to a free one');
  });

  it('leaves an unexpected error to the stack trace', () => {
    expect(explainStartFailure(new Error('bug'))).toBeUndefined();
  });
});
