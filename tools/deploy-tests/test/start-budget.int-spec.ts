import { connectionBudget, POSTGRES_DEFAULT_LIMITS, SERVICE_CONNECTIONS } from '@threadline/platform';
import { readRepoFile, SERVICE_NAMES } from './support';

// `npm start` runs one process per service with the declared default pools, migrating at start,
// each as its own role (decision 46). Two of each must still fit Postgres's default 100.
describe('npm start and the connection budget', () => {
  const start = readRepoFile('scripts/start.mjs');

  it('leaves every pool at its declared default', () => {
    expect(start).not.toMatch(/DATABASE_POOL_SIZE/);
    expect(SERVICE_CONNECTIONS.map((entry) => entry.service).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it("gives each service its own role and the migration role's login for its migrations", () => {
    expect(start).toMatch(/ensureDatabaseRoles\(/);
    expect(start).toMatch(/DATABASE_URL: url, DATABASE_MIGRATION_URL: roles\.migrationUrl/);
  });

  it("fits two processes of every service, migrating at start, into Postgres's default 100 connections", () => {
    const twoOfEach = SERVICE_CONNECTIONS.map((entry) => ({
      service: entry.service,
      replicas: 2,
      poolSize: entry.defaultPoolSize,
      migratesOnStart: true,
    }));
    const budget = connectionBudget(twoOfEach, POSTGRES_DEFAULT_LIMITS);
    expect(budget).toMatchObject({ needed: 84, available: 87, fits: true });
  });
});
