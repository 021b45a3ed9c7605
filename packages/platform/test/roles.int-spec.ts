import { Client, type DatabaseError } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { defineService, ensureDatabaseRoles, deriveRoles, runMigrations, runService } from '../src';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '../src/testing';
import pino from 'pino';

// Two of the declared services, with one table each: the roles are the real ones a test
// environment creates for `profile` and `routing` (decision 46).
function serviceWithTable(name: 'profile' | 'routing', table: string) {
  class CreateTable implements MigrationInterface {
    readonly name = `CreateTable${name === 'profile' ? 1764115600000 : 1764115700000}`;
    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`CREATE TABLE ${table} (id bigserial PRIMARY KEY, note text NOT NULL)`);
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
  return defineService({
    name,
    defaultPort: 0,
    streams: [],
    summary: 'A stand-in with the schema and role of a real service.',
    readinessRequires: ['postgres'],
    migrations: [CreateTable],
  });
}

const profile = serviceWithTable('profile', 'note_of_profile');
const routing = serviceWithTable('routing', 'note_of_routing');

async function asLogin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with, or 'succeeded'. */
async function sqlStateOf(client: Client, statement: string): Promise<string> {
  try {
    await client.query(statement);
    return 'succeeded';
  } catch (error) {
    return (error as DatabaseError).code ?? String(error);
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

describe('per-service database roles', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    await runMigrations(profile, { ...environment.envFor('profile'), LOG_LEVEL: 'silent' });
    await runMigrations(routing, { ...environment.envFor('routing'), LOG_LEVEL: 'silent' });
  });

  afterAll(() => environment?.dispose());

  it('runs migrations as the migration role, which owns the schema and its tables', async () => {
    const owners = await asLogin(environment.databaseUrl, async (client) => {
      const { rows } = await client.query<{ name: string; owner: string }>(
        `SELECT n.nspname AS name, pg_get_userbyid(n.nspowner) AS owner FROM pg_namespace n
          WHERE n.nspname IN ('profile', 'routing')
         UNION ALL
         SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c
          WHERE c.relname IN ('note_of_profile', 'note_of_routing', 'outbox')
         ORDER BY 1, 2`,
      );
      return rows;
    });
    expect(new Set(owners.map((row) => row.owner))).toEqual(new Set(['threadline_test_migrator']));
    expect(owners.map((row) => row.name)).toEqual(
      expect.arrayContaining(['profile', 'routing', 'note_of_profile', 'note_of_routing']),
    );
  });

  it("lets a service's role use what the migration role created in its schema", async () => {
    await asLogin(environment.serviceDatabaseUrls.profile!, async (client) => {
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO profile.note_of_profile (note) VALUES ('mine') RETURNING id`,
      );
      expect(inserted.rows).toHaveLength(1);
      await client.query(`UPDATE profile.note_of_profile SET note = 'still mine'`);
      const { rows } = await client.query<{ note: string }>(`SELECT note FROM profile.note_of_profile`);
      expect(rows).toEqual([{ note: 'still mine' }]);
      await client.query(`DELETE FROM profile.note_of_profile`);
      // The platform's tables (outbox, inbox) come from the same migrations.
      await client.query(`INSERT INTO profile.inbox (consumer, event_id) VALUES ('c', gen_random_uuid())`);
      // Unqualified names find its schema even without the search_path the services ask for
      // when they connect (a pooler such as PgBouncer does not pass that request on).
      await client.query(`SELECT count(*) FROM note_of_profile`);
    });
  });

  it("refuses a service's role another service's tables (42501)", async () => {
    await asLogin(environment.serviceDatabaseUrls.profile!, async (client) => {
      expect(await sqlStateOf(client, `SELECT * FROM routing.note_of_routing`)).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await sqlStateOf(client, `SELECT * FROM routing.outbox`)).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await sqlStateOf(client, `INSERT INTO routing.note_of_routing (note) VALUES ('x')`)).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
    });
    await asLogin(environment.serviceDatabaseUrls.routing!, async (client) => {
      expect(await sqlStateOf(client, `SELECT * FROM profile.note_of_profile`)).toBe(INSUFFICIENT_PRIVILEGE);
    });
  });

  it("refuses a service's role to create or change objects, in its schema or anywhere else (42501)", async () => {
    await asLogin(environment.serviceDatabaseUrls.profile!, async (client) => {
      for (const statement of [
        `CREATE TABLE public.sneaky (id int)`,
        `CREATE TABLE routing.sneaky (id int)`,
        `CREATE TABLE profile.sneaky (id int)`,
        `CREATE SCHEMA sneaky`,
        `ALTER TABLE profile.note_of_profile ADD COLUMN sneaky int`,
        `DROP TABLE profile.note_of_profile`,
        `TRUNCATE profile.note_of_profile`,
      ]) {
        expect({ statement, state: await sqlStateOf(client, statement) }).toEqual({
          statement,
          state: INSUFFICIENT_PRIVILEGE,
        });
      }
    });
  });

  it('runs a service on its own role, migrating through the migration role at start', async () => {
    const running = await runService(routing, {
      env: environment.envFor('routing'),
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
    });
    try {
      const [who] =
        await running.runtime.dataSource.query<Array<{ user: string }>>(`SELECT current_user AS user`);
      expect(who).toEqual({ user: 'threadline_test_routing' });
      await running.runtime.dataSource.query(
        `INSERT INTO note_of_routing (note) VALUES ('from the service')`,
      );
    } finally {
      await running.stop();
    }
  });

  it('hands a schema made before the roles existed to the migration role, usable by the service', async () => {
    const fresh = await createIsolatedEnvironment();
    try {
      // As deployments did before decision 46: the superuser made the schema and its tables.
      await asLogin(fresh.databaseUrl, async (client) => {
        await client.query(`DROP SCHEMA timer CASCADE`);
        await client.query(`CREATE SCHEMA timer`);
        await client.query(`CREATE TABLE timer.legacy (id bigserial PRIMARY KEY, note text)`);
        await client.query(`CREATE SEQUENCE timer.counter`);
      });
      const roles = deriveRoles(fresh.databaseUrl, {
        prefix: 'threadline_test',
        password: 'threadline-test',
      });
      await ensureDatabaseRoles(fresh.servers.databaseUrl, roles.plan);
      const owners = await asLogin(fresh.databaseUrl, async (client) => {
        const { rows } = await client.query<{ owner: string }>(
          `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'timer'
           UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'timer'`,
        );
        return rows.map((row) => row.owner);
      });
      expect(owners).toEqual(['threadline_test_migrator']);
      await asLogin(fresh.serviceDatabaseUrls.timer!, async (client) => {
        await client.query(`INSERT INTO timer.legacy (note) VALUES ('kept')`);
        await client.query(`SELECT nextval('timer.counter')`);
      });
      await asLogin(roles.migrationUrl, async (client) => {
        await client.query(`ALTER TABLE timer.legacy ADD COLUMN added_later int`);
      });
    } finally {
      await fresh.dispose();
    }
  });

  it('creates roles that do not exist yet once when many environments start at the same time', async () => {
    // Roles of their own, so that none exists before the race; removed afterwards.
    const prefix = `threadline_race_${environment.id}`;
    const fresh = await createIsolatedEnvironment();
    const plan = deriveRoles(fresh.databaseUrl, { prefix, password: 'threadline-test' }).plan;
    const names = [plan.migrator, ...plan.services.map((service) => service.role)].map((role) => role.name);
    try {
      await Promise.all(
        Array.from({ length: 6 }, () => ensureDatabaseRoles(fresh.servers.databaseUrl, plan)),
      );
      const created = await asLogin(fresh.databaseUrl, async (client) => {
        const { rows } = await client.query<{ rolname: string }>(
          `SELECT rolname FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
          [names],
        );
        return rows.map((row) => row.rolname);
      });
      expect(created).toEqual([...names].sort());
    } finally {
      await fresh.dispose();
      await asLogin(environment.servers.databaseUrl, async (client) => {
        for (const name of names) await client.query(`DROP ROLE IF EXISTS ${name}`);
      });
    }
  });
});
