import { z } from 'zod';
import {
  ConfigError,
  booleanFromEnv,
  loadConfig,
  platformConfigSchema,
  redactConfig,
  refuseDevelopmentDefaults,
} from './config';

describe('loadConfig', () => {
  const schema = platformConfigSchema.extend({ AGENT_JWT_SECRET: z.string().min(32) });

  it('parses, applies defaults and freezes the result', () => {
    const config = loadConfig(schema, { HTTP_PORT: '3001', AGENT_JWT_SECRET: 'x'.repeat(32) });
    expect(config.HTTP_PORT).toBe(3001);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.MIGRATE_ON_START).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig(schema, { HTTP_PORT: 'abc', NATS_URL: 'http://x' })).toThrow(ConfigError);
    try {
      loadConfig(schema, { HTTP_PORT: 'abc', NATS_URL: 'http://x' });
    } catch (error) {
      const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(variables).toEqual(['AGENT_JWT_SECRET', 'HTTP_PORT', 'NATS_URL']);
      expect((error as Error).message).toContain('AGENT_JWT_SECRET: is required');
    }
  });

  it('never prints the value of a variable it refuses', () => {
    const secret = 'hunter2-very-secret';
    try {
      loadConfig(schema, {
        HTTP_PORT: '1',
        AGENT_JWT_SECRET: secret,
        DATABASE_URL: `mysql://u:${secret}@h/db`,
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
      expect((error as Error).message).toContain('DATABASE_URL');
    }
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig(platformConfigSchema, { HTTP_PORT: '1', LOG_LEVEL: '' });
    expect(config.LOG_LEVEL).toBe('info');
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
  ])('reads the boolean %s as %s', (raw, expected) => {
    expect(booleanFromEnv.parse(raw)).toBe(expected);
  });
});

describe('refuseDevelopmentDefaults', () => {
  const DEMO_KEY = 'a-demo-key-that-everyone-can-read-on-github';
  const schema = refuseDevelopmentDefaults(
    platformConfigSchema.extend({
      HTTP_PORT: z.coerce.number().default(3000),
      DEMO_KEY: z.string().min(1).default(DEMO_KEY),
      OTHER_KEY: z.string().default('not-declared'),
    }),
    { DEMO_KEY },
  );

  function problemsOf(env: NodeJS.ProcessEnv): ConfigError['problems'] {
    try {
      loadConfig(schema, env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it.each(['development', 'test'])('lets NODE_ENV=%s run on the development default', (nodeEnv) => {
    expect(loadConfig(schema, { NODE_ENV: nodeEnv }).DEMO_KEY).toBe(DEMO_KEY);
  });

  it('refuses it in production, left unset or set explicitly, naming the variable but not the value', () => {
    for (const env of [{ NODE_ENV: 'production' }, { NODE_ENV: 'production', DEMO_KEY }]) {
      const problems = problemsOf(env);
      expect(problems).toEqual([
        { variable: 'DEMO_KEY', problem: expect.stringContaining('NODE_ENV=production') },
      ]);
      expect(JSON.stringify(problems)).not.toContain(DEMO_KEY);
    }
  });

  it('starts in production with a value of its own, and leaves undeclared defaults alone', () => {
    expect(loadConfig(schema, { NODE_ENV: 'production', DEMO_KEY: 'a-secret-of-our-own' })).toMatchObject({
      DEMO_KEY: 'a-secret-of-our-own',
      OTHER_KEY: 'not-declared',
    });
  });

  it('reports its problem with the others', () => {
    expect(
      problemsOf({ NODE_ENV: 'production', HTTP_PORT: 'abc' })
        .map((problem) => problem.variable)
        .sort(),
    ).toEqual(['DEMO_KEY', 'HTTP_PORT']);
  });
});

describe('redactConfig', () => {
  it('hides credentials in URLs and the values of secrets', () => {
    const view = redactConfig(
      {
        DATABASE_URL: 'postgres://app:pw@db:5432/threadline',
        AGENT_JWT_SECRET: 'abc',
        OPERATOR_TOKEN: 'x'.repeat(24),
        HTTP_PORT: 3000,
      },
      ['AGENT_JWT_SECRET'],
    );
    expect(view).toEqual({
      DATABASE_URL: 'postgres://***:***@db:5432/threadline',
      AGENT_JWT_SECRET: '(secret)',
      OPERATOR_TOKEN: '(secret)',
      HTTP_PORT: 3000,
    });
  });
});

describe('refuseDevelopmentDefaults, for a variable in use only under a condition', () => {
  const PARTNER_KEY = 'a-partner-key-everyone-can-read';
  const schema = refuseDevelopmentDefaults(
    platformConfigSchema.extend({
      HTTP_PORT: z.coerce.number().default(3000),
      PARTNERS: z.string().default('acme'),
      PARTNER_KEY: z.string().min(1).default(PARTNER_KEY),
    }),
    { PARTNER_KEY: { value: PARTNER_KEY, usedWhen: (config) => config.PARTNERS === 'acme' } },
  );

  it('refuses the default in production while the variable is in use', () => {
    expect(() => loadConfig(schema, { NODE_ENV: 'production' })).toThrow(ConfigError);
  });

  it('lets production run on the default while nothing uses the variable', () => {
    expect(loadConfig(schema, { NODE_ENV: 'production', PARTNERS: 'none' }).PARTNER_KEY).toBe(PARTNER_KEY);
  });

  it('accepts a value of its own in production', () => {
    expect(loadConfig(schema, { NODE_ENV: 'production', PARTNER_KEY: 'ours' }).PARTNER_KEY).toBe('ours');
  });
});
