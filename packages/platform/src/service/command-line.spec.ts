import { ConfigError } from '../config/config';
import { explainStartFailure } from './command-line';
import { DependencyUnavailableError } from './runtime';

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

  it('leaves an unexpected error to the stack trace', () => {
    expect(explainStartFailure(new Error('bug'))).toBeUndefined();
  });
});
