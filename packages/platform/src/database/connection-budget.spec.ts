import {
  connectionBudget,
  defaultPoolSizeOf,
  FALLBACK_POOL_SIZE,
  POSTGRES_DEFAULT_LIMITS,
  SERVICE_CONNECTIONS,
} from './connection-budget';

describe('connectionBudget', () => {
  it('counts per process the pool, the relay listener and, when it migrates at start, two more', () => {
    const budget = connectionBudget(
      [
        { service: 'a', replicas: 2, poolSize: 5, migratesOnStart: true },
        { service: 'b', replicas: 3, poolSize: 4, migratesOnStart: false },
      ],
      { maxConnections: 100, superuserReserved: 3, headroom: 10 },
    );
    expect(budget).toEqual({ byService: { a: 16, b: 15 }, needed: 31, available: 87, fits: true });
  });

  it('refuses what the incident of issue 15 ran: 12 processes with pools of 10', () => {
    const twelve = SERVICE_CONNECTIONS.map((entry) => ({
      service: entry.service,
      replicas: 2,
      poolSize: 10,
      migratesOnStart: true,
    }));
    expect(connectionBudget(twelve, POSTGRES_DEFAULT_LIMITS)).toMatchObject({ needed: 156, fits: false });
  });

  it("fits two replicas of every service at the declared defaults into Postgres's default limits", () => {
    const defaults = SERVICE_CONNECTIONS.map((entry) => ({
      service: entry.service,
      replicas: 2,
      poolSize: entry.defaultPoolSize,
      migratesOnStart: true,
    }));
    expect(connectionBudget(defaults, POSTGRES_DEFAULT_LIMITS)).toMatchObject({
      needed: 84,
      available: 87,
      fits: true,
    });
  });

  it('refuses a pool below one and negative replicas', () => {
    expect(() =>
      connectionBudget(
        [{ service: 'a', replicas: 1, poolSize: 0, migratesOnStart: false }],
        POSTGRES_DEFAULT_LIMITS,
      ),
    ).toThrow('a: replicas must be at least 0 and the pool at least 1');
    expect(() =>
      connectionBudget(
        [{ service: 'a', replicas: -1, poolSize: 2, migratesOnStart: false }],
        POSTGRES_DEFAULT_LIMITS,
      ),
    ).toThrow('a: replicas');
  });

  it('gives a declared service its pool and any other the fallback', () => {
    expect(defaultPoolSizeOf('interaction')).toBe(5);
    expect(defaultPoolSizeOf('a-test-service')).toBe(FALLBACK_POOL_SIZE);
  });
});
