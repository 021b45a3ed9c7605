import { ConfigError } from '../config/config';
import {
  clusterRoleStatements,
  databaseGrantStatements,
  deriveRoles,
  loginRoleOf,
  planFromUrls,
  quoteLiteral,
  serviceUrlVariable,
  withLogin,
} from './roles';

const plan = {
  database: 'threadline',
  migrator: { name: 'threadline_migrator', password: "it's secret" },
  services: [{ schema: 'profile', role: { name: 'threadline_profile' } }],
};

describe('database roles', () => {
  it('quotes a literal by doubling its quotes, and refuses a NUL', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(() => quoteLiteral('a\0b')).toThrow('NUL');
  });

  it('creates each role once, tolerating a concurrent creator, and sets only the passwords given', () => {
    const statements = clusterRoleStatements(plan);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toContain(
      'CREATE ROLE "threadline_migrator" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE',
    );
    expect(statements[0]).toContain('EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL');
    expect(statements[1]).toBe(`ALTER ROLE "threadline_migrator" PASSWORD 'it''s secret'`);
    expect(statements[2]).toContain('CREATE ROLE "threadline_profile"');
  });

  it('refuses one role given two passwords', () => {
    expect(() =>
      clusterRoleStatements({
        ...plan,
        services: [{ schema: 'profile', role: { name: 'threadline_migrator', password: 'other' } }],
      }),
    ).toThrow('role threadline_migrator is given two different passwords');
  });

  it('lets the migrator own the schema and the service only use it, now and for tables created later', () => {
    const statements = databaseGrantStatements(plan);
    expect(statements).toEqual(
      expect.arrayContaining([
        'GRANT CONNECT, TEMPORARY, CREATE ON DATABASE "threadline" TO "threadline_migrator"',
        'CREATE SCHEMA IF NOT EXISTS "profile" AUTHORIZATION "threadline_migrator"',
        'REVOKE ALL ON SCHEMA "profile" FROM PUBLIC',
        'GRANT USAGE ON SCHEMA "profile" TO "threadline_profile"',
        'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "profile" TO "threadline_profile"',
        'ALTER DEFAULT PRIVILEGES FOR ROLE "threadline_migrator" IN SCHEMA "profile" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "threadline_profile"',
        'ALTER DEFAULT PRIVILEGES FOR ROLE "threadline_migrator" IN SCHEMA "profile" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "threadline_profile"',
        'ALTER ROLE "threadline_profile" IN DATABASE "threadline" SET search_path = "profile"',
        'ALTER ROLE "threadline_profile" IN DATABASE "threadline" SET plan_cache_mode = force_custom_plan',
      ]),
    );
    expect(statements.join('\n')).not.toMatch(/GRANT (CREATE|ALL)[^\n]*TO "threadline_profile"/);
  });

  it('refuses a name that is not a plain identifier', () => {
    expect(() => clusterRoleStatements({ ...plan, migrator: { name: 'x"; DROP ROLE y; --' } })).toThrow(
      'not a safe SQL identifier',
    );
  });

  it('derives every declared service its role and URL from one administrator URL', () => {
    const roles = deriveRoles('postgres://postgres:pw@db:5432/threadline', {
      prefix: 'threadline',
      password: 'local',
    });
    expect(roles.migrationUrl).toBe('postgres://threadline_migrator:local@db:5432/threadline');
    expect(roles.serviceUrls['sms-gateway']).toBe(
      'postgres://threadline_sms_gateway:local@db:5432/threadline',
    );
    expect(roles.plan.services).toHaveLength(6);
  });

  it("reads a deployment's roles from the URLs its services log in with", () => {
    const url = (user: string) => `postgres://${user}:pw-${user}@db:5432/threadline`;
    const services = Object.fromEntries(
      ['agent-gateway', 'sms-gateway', 'profile', 'interaction', 'routing', 'timer'].map((name) => [
        name,
        url(`own_${name.replace(/-/g, '_')}`),
      ]),
    );
    const read = planFromUrls(url('admin'), url('migrator'), services);
    expect(read.migrator).toEqual({ name: 'migrator', password: 'pw-migrator' });
    expect(read.services).toContainEqual({
      schema: 'sms_gateway',
      role: { name: 'own_sms_gateway', password: 'pw-own_sms_gateway' },
    });
  });

  it('names every missing or misplaced login, and refuses a login shared by two', () => {
    expect(() => planFromUrls('postgres://a@db/threadline', 'postgres://m@db/other', {})).toThrow(
      ConfigError,
    );
    try {
      planFromUrls('postgres://a@db/threadline', 'postgres://m@db/other', {});
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([
        'DATABASE_MIGRATION_URL',
        'AGENT_GATEWAY_DATABASE_URL',
        'SMS_GATEWAY_DATABASE_URL',
        'PROFILE_DATABASE_URL',
        'INTERACTION_DATABASE_URL',
        'ROUTING_DATABASE_URL',
        'TIMER_DATABASE_URL',
      ]);
    }
    const same = Object.fromEntries(
      ['agent-gateway', 'sms-gateway', 'profile', 'interaction', 'routing', 'timer'].map((name) => [
        name,
        'postgres://shared@db/threadline',
      ]),
    );
    expect(() => planFromUrls('postgres://a@db/threadline', 'postgres://m@db/threadline', same)).toThrow(
      ConfigError,
    );
  });

  it('reads and writes the login of a URL, percent-encoded', () => {
    expect(loginRoleOf('postgres://us%40er:p%3Ass@db/x')).toEqual({ name: 'us@er', password: 'p:ss' });
    expect(loginRoleOf('postgres://trusted@db/x')).toEqual({ name: 'trusted' });
    expect(withLogin('postgres://a:b@db:5432/x', { name: 'c' })).toBe('postgres://c@db:5432/x');
    expect(serviceUrlVariable('sms-gateway')).toBe('SMS_GATEWAY_DATABASE_URL');
  });
});
