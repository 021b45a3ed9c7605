/**
 * The Postgres connections Threadline needs, declared per service, and the check that they fit
 * the server (decision 46). A service process holds its pool, one LISTEN connection of the
 * outbox relay outside the pool, and while it migrates at start two more (the advisory lock and
 * the migration itself).
 */
export interface ServiceConnections {
  service: string;
  /** Its Postgres schema, which its role may use. */
  schema: string;
  /** DATABASE_POOL_SIZE when the environment does not set one. */
  defaultPoolSize: number;
}

/** Connections outside the pool: the outbox relay's LISTEN connection. */
export const LISTENER_CONNECTIONS = 1;
/** Connections a migrating process opens beside its pool (lock holder and migration runner). */
export const MIGRATION_CONNECTIONS = 2;

/**
 * Every service's default pool. With two replicas of each they need
 * 2 × (Σ pool + 6 × (1 + 2)) = 2 × (24 + 18) = 84 connections, which leaves Postgres's default
 * 100 its 3 superuser slots and 13 for operators, psql and the tests' own clients. The busiest
 * paths (the webhook, the transcript) get the most.
 */
export const SERVICE_CONNECTIONS: readonly ServiceConnections[] = [
  { service: 'agent-gateway', schema: 'agent_gateway', defaultPoolSize: 6 },
  { service: 'sms-gateway', schema: 'sms_gateway', defaultPoolSize: 4 },
  { service: 'profile', schema: 'profile', defaultPoolSize: 3 },
  { service: 'interaction', schema: 'interaction', defaultPoolSize: 5 },
  { service: 'routing', schema: 'routing', defaultPoolSize: 3 },
  { service: 'timer', schema: 'timer', defaultPoolSize: 3 },
];

/** The pool of a service not in the table (tests' own services). */
export const FALLBACK_POOL_SIZE = 4;

export function defaultPoolSizeOf(service: string): number {
  return (
    SERVICE_CONNECTIONS.find((entry) => entry.service === service)?.defaultPoolSize ?? FALLBACK_POOL_SIZE
  );
}

/** One line of a deployment: how many processes of a service run, and the pool each has. */
export interface DeployedService {
  service: string;
  replicas: number;
  poolSize: number;
  /** Whether each process migrates at start (MIGRATE_ON_START) and so opens the migration connections. */
  migratesOnStart: boolean;
}

export interface ServerLimits {
  /** The server's max_connections (100 by default). */
  maxConnections: number;
  /** superuser_reserved_connections (3 by default): never available to the service roles. */
  superuserReserved: number;
  /** Kept free for operators, psql, monitoring, migration Jobs and the tests' own clients. */
  headroom: number;
}

export const POSTGRES_DEFAULT_LIMITS: ServerLimits = {
  maxConnections: 100,
  superuserReserved: 3,
  headroom: 10,
};

export interface ConnectionBudget {
  /** Connections the deployment may open at most, by service. */
  byService: Record<string, number>;
  needed: number;
  available: number;
  fits: boolean;
}

/** The connections `deployment` may hold at once against what `limits` leave for it. */
export function connectionBudget(deployment: DeployedService[], limits: ServerLimits): ConnectionBudget {
  const byService: Record<string, number> = {};
  for (const entry of deployment) {
    if (entry.replicas < 0 || entry.poolSize < 1) {
      throw new Error(`${entry.service}: replicas must be at least 0 and the pool at least 1`);
    }
    const perProcess =
      entry.poolSize + LISTENER_CONNECTIONS + (entry.migratesOnStart ? MIGRATION_CONNECTIONS : 0);
    byService[entry.service] = (byService[entry.service] ?? 0) + entry.replicas * perProcess;
  }
  const needed = Object.values(byService).reduce((sum, count) => sum + count, 0);
  const available = limits.maxConnections - limits.superuserReserved - limits.headroom;
  return { byService, needed, available, fits: needed <= available };
}
