import { Client } from 'pg';
import { ConfigError } from '../config/config';
import { SERVICE_CONNECTIONS } from './connection-budget';
import { quoteIdent } from './sql';

/**
 * Least privilege in Postgres (decision 46): one login role per service that may use only its
 * own schema, and a migration role that owns every schema and runs the migrations. Names and
 * passwords come from the connection URLs the deployment gives, so a URL is the one place a
 * role is named.
 */
export interface LoginRole {
  name: string;
  /** Set (or reset) on every run when given; left alone when not (trust or peer authentication). */
  password?: string;
}

export interface RolePlan {
  /** The database whose schemas the roles are granted. Roles themselves are cluster-wide. */
  database: string;
  /** Owns the schemas and every table in them; runs the migrations (DDL). */
  migrator: LoginRole;
  /** Each service's login role and the one schema it may use (DML only). */
  services: Array<{ schema: string; role: LoginRole }>;
}

/** A Postgres string literal; for the few statements (a role's password) that take no parameters. */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('a Postgres literal cannot hold a NUL character');
  return `'${value.replace(/'/g, "''")}'`;
}

/** The role and password of a postgres:// URL. */
export function loginRoleOf(url: string): LoginRole {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.username);
  if (!name) throw new Error('the database URL names no user');
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  return password === undefined ? { name } : { name, password };
}

/** The database a postgres:// URL connects to. */
export function databaseOf(url: string): string {
  const database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!database) throw new Error('the database URL names no database');
  return database;
}

/** `url` with another login (and no password when none is given). */
export function withLogin(url: string, role: LoginRole): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role.name);
  parsed.password = role.password === undefined ? '' : encodeURIComponent(role.password);
  return parsed.toString();
}

/**
 * Statements run once per cluster, on any database: create each login role that is missing
 * (no superuser, no CREATEDB/CREATEROLE, not inheriting), then set the passwords given. Two
 * runs racing each other both succeed: `CREATE ROLE` that loses the race raises
 * duplicate_object or unique_violation, which the block swallows.
 */
export function clusterRoleStatements(plan: RolePlan): string[] {
  const roles = [plan.migrator, ...plan.services.map((service) => service.role)];
  const statements: string[] = [];
  for (const role of uniqueRoles(roles)) {
    const name = quoteIdent(role.name);
    statements.push(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role.name)}) THEN
           CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION;
         END IF;
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
       END $$`,
    );
    if (role.password !== undefined)
      statements.push(`ALTER ROLE ${name} PASSWORD ${quoteLiteral(role.password)}`);
  }
  return statements;
}

/**
 * Statements run connected to the plan's database: the migrator may create schemas and owns
 * each service's schema with everything already in it (schemas made before roles existed are
 * handed over); a service role gets USAGE on its schema, DML on its tables and sequences, and the
 * same on whatever the migrator creates there later (default privileges). Nobody else gets
 * anything on a service schema, and no service role may create objects anywhere.
 */
export function databaseGrantStatements(plan: RolePlan): string[] {
  const database = quoteIdent(plan.database);
  const migrator = quoteIdent(plan.migrator.name);
  const statements = [
    `GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${database} TO ${migrator}`,
    // Postgres 15 already keeps PUBLIC from creating in `public`; older servers do not.
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
  ];
  for (const { schema, role } of plan.services) {
    const s = quoteIdent(schema);
    const service = quoteIdent(role.name);
    statements.push(
      `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${service}`,
      `CREATE SCHEMA IF NOT EXISTS ${s} AUTHORIZATION ${migrator}`,
      `ALTER SCHEMA ${s} OWNER TO ${migrator}`,
      handOverStatement(schema, plan.migrator.name),
      `REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`,
      `GRANT USAGE ON SCHEMA ${s} TO ${service}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${service}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${service}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${service}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${service}`,
      // The services also ask for this search_path when they connect; a pooler such as PgBouncer
      // drops that request, and the role's own setting gives every server connection the same.
      `ALTER ROLE ${service} IN DATABASE ${database} SET search_path = ${s}`,
      // Likewise the planning of prepared statements for their values (decision 50).
      `ALTER ROLE ${service} IN DATABASE ${database} SET plan_cache_mode = force_custom_plan`,
    );
  }
  return statements;
}

/**
 * Gives the migrator the tables, views and free-standing sequences of a schema that someone
 * else (the superuser, before roles existed) created, so later migrations may alter them.
 * Sequences owned by a column move with their table.
 */
function handOverStatement(schema: string, migrator: string): string {
  return `DO $$
    DECLARE item record;
    BEGIN
      FOR item IN
        SELECT c.relname, c.relkind FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ${quoteLiteral(schema)}
           AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
           AND pg_get_userbyid(c.relowner) <> ${quoteLiteral(migrator)}
           AND NOT (c.relkind = 'S' AND EXISTS (
             SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
      LOOP
        EXECUTE format('ALTER %s %I.%I OWNER TO %I',
          CASE item.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
            WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
          ${quoteLiteral(schema)}, item.relname, ${quoteLiteral(migrator)});
      END LOOP;
    END $$`;
}

function uniqueRoles(roles: LoginRole[]): LoginRole[] {
  const byName = new Map<string, LoginRole>();
  for (const role of roles) {
    const seen = byName.get(role.name);
    if (seen && seen.password !== role.password) {
      throw new Error(`role ${role.name} is given two different passwords`);
    }
    byName.set(role.name, role);
  }
  return [...byName.values()];
}

/** Held while roles are created or altered: one cluster-wide catalog, many callers (parallel tests). */
const ROLE_LOCK_KEY = 'threadline:database-roles';

/**
 * Creates the roles and grants of `plan`, idempotently, through an administrator's connection
 * (`adminUrl`: a superuser, or a role with CREATEROLE that owns the database). Safe to run
 * from several processes at once.
 */
export async function ensureDatabaseRoles(adminUrl: string, plan: RolePlan): Promise<void> {
  // Concurrent ALTER ROLEs of one role fail with "tuple concurrently updated", and two runs on one
  // database (replicas of the roles step) would race on the same grants: both steps take turns.
  await runLocked(adminUrl, clusterRoleStatements(plan));
  await runLocked(withDatabase(adminUrl, plan.database), databaseGrantStatements(plan));
}

/** Runs `statements` in one transaction on `url`, holding the roles lock for it. */
async function runLocked(url: string, statements: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: url, application_name: 'threadline-roles' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ROLE_LOCK_KEY]);
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The roles, and each login's URL, of one deployment derived from an administrator's URL. */
export interface DerivedRoles {
  plan: RolePlan;
  /** DATABASE_MIGRATION_URL: the migrator's login. */
  migrationUrl: string;
  /** DATABASE_URL of each service, by service name. */
  serviceUrls: Record<string, string>;
}

/**
 * The roles `<prefix>_migrator` and `<prefix>_<schema>` of every declared service on the
 * database of `adminUrl`, all with `password` (a local or test deployment, where one password
 * is enough; production gives each role its own through the URLs of `setup-roles`).
 */
export function deriveRoles(adminUrl: string, options: { prefix: string; password?: string }): DerivedRoles {
  const login = (name: string): LoginRole =>
    options.password === undefined ? { name } : { name, password: options.password };
  const migrator = login(`${options.prefix}_migrator`);
  const services = SERVICE_CONNECTIONS.map((entry) => ({
    service: entry.service,
    schema: entry.schema,
    role: login(`${options.prefix}_${entry.schema}`),
  }));
  return {
    plan: {
      database: databaseOf(adminUrl),
      migrator,
      services: services.map(({ schema, role }) => ({ schema, role })),
    },
    migrationUrl: withLogin(adminUrl, migrator),
    serviceUrls: Object.fromEntries(
      services.map(({ service, role }) => [service, withLogin(adminUrl, role)]),
    ),
  };
}

/** The variable holding a service's own URL for the roles step: `PROFILE_DATABASE_URL`, ... */
export function serviceUrlVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
}

/**
 * The plan of the roles step of a deployment (compose, Kubernetes): the migrator from
 * DATABASE_MIGRATION_URL and each service from its `<SERVICE>_DATABASE_URL`, so the roles get
 * exactly the names and passwords the services will log in with. Every URL must name the
 * administrator's database.
 */
export function planFromUrls(
  adminUrl: string,
  migrationUrl: string,
  serviceUrls: Record<string, string | undefined>,
): RolePlan {
  const database = databaseOf(adminUrl);
  const problems: Array<{ variable: string; problem: string }> = [];
  const onDatabase = (variable: string, url: string | undefined): string | undefined => {
    if (!url) {
      problems.push({ variable, problem: 'is required' });
      return undefined;
    }
    if (databaseOf(url) !== database)
      problems.push({ variable, problem: `must name the database ${database}, as DATABASE_ADMIN_URL does` });
    return url;
  };
  const migrator = onDatabase('DATABASE_MIGRATION_URL', migrationUrl);
  const services = SERVICE_CONNECTIONS.map((entry) => {
    const url = onDatabase(serviceUrlVariable(entry.service), serviceUrls[entry.service]);
    return { schema: entry.schema, url };
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const plan: RolePlan = {
    database,
    migrator: loginRoleOf(migrator!),
    services: services.map(({ schema, url }) => ({ schema, role: loginRoleOf(url!) })),
  };
  const names = [plan.migrator.name, ...plan.services.map((service) => service.role.name)];
  if (new Set(names).size !== names.length) {
    throw new ConfigError([
      {
        variable: 'DATABASE_MIGRATION_URL',
        problem: 'the migrator and every service need logins of their own',
      },
    ]);
  }
  return plan;
}
