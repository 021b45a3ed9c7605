import { z } from 'zod';
import { FALLBACK_POOL_SIZE } from '../database/connection-budget';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: Array<{ variable: string; problem: string }>) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n')}`);
  }
}

/**
 * Parses environment variables against a zod object schema once, at boot, into a frozen
 * object. On failure it names every offending variable and what is wrong, and never the value
 * it was given, since that value may be a secret.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.output<S>> {
  // Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned, { reportInput: false });
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: issue.path.map(String).join('.') || '(root)',
        problem: describeIssue(issue),
      })),
    );
  }
  return Object.freeze(result.data);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // Our own wording: zod's messages can quote the input, and the input may be a secret.
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return issue.message.replace(/"[^"]*"/g, '(value hidden)');
  }
}

/**
 * Secrets whose built-in defaults let a service run on a developer's machine with no setup,
 * by variable. Anyone can read these values in the repository, so they are refused when
 * NODE_ENV=production (refuseDevelopmentDefaults).
 */
export type DevelopmentDefaults = Readonly<Record<string, string | ConditionalDevelopmentDefault>>;

/**
 * A development default refused only when the rest of the configuration uses it: a provider
 * account's key is no concern of a deployment that runs without that provider.
 */
export interface ConditionalDevelopmentDefault {
  value: string;
  /** Whether the variable is in use, given the (possibly partly parsed) configuration. */
  usedWhen: (config: Partial<Record<string, unknown>>) => boolean;
}

/**
 * The schema, refusing when NODE_ENV=production every variable that holds its development
 * default, whether left unset or set to it explicitly. A check across two variables, so it
 * runs on the whole config object; its problem names the variable and never the value.
 */
export function refuseDevelopmentDefaults<S extends z.ZodType<PlatformConfig>>(
  schema: S,
  defaults: DevelopmentDefaults,
): S {
  if (Object.keys(defaults).length === 0) return schema;
  return schema.superRefine(
    (config, ctx) => {
      // Partly parsed when other variables failed (see `when`): read as such.
      const values = config as Partial<Record<string, unknown>>;
      if (values.NODE_ENV !== 'production') return;
      for (const [variable, entry] of Object.entries(defaults)) {
        const value = typeof entry === 'string' ? entry : entry.value;
        if (values[variable] !== value) continue;
        if (typeof entry !== 'string' && !entry.usedWhen(values)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [variable],
          message:
            'is unset or the development default, which anyone can read and which must not be used when NODE_ENV=production; set a secret of your own',
        });
      }
    },
    // Zod skips refinements once a variable failed; this one runs anyway, so a refused boot
    // names every problem at once, as loadConfig promises.
    { when: () => true },
  );
}

/** Accepts true/false/1/0/yes/no, as people write them in environment files. */
export const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const portFromEnv = z.coerce.number().int().min(0).max(65535);

/** A URL with one of the given schemes (`nats`, `postgres`, ...). */
export function urlWithScheme(...schemes: string[]) {
  return z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    `must be a ${schemes.join(' or ')} URL`,
  );
}

/** Settings every Threadline service reads. Services extend this with their own. */
export const platformConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: portFromEnv,
  /**
   * Time a client has to send a request's headers (Node's own default is 60 s). An honest
   * client sends them in one packet; a slow one holding connections open is cut off with 408.
   */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /**
   * Time a client has to send the body of an ordinary request (at most the body limit, 256 KiB
   * unless a service sets more), counted from the end of its headers; then 408 REQUEST_TIMEOUT.
   * Routes that take large uploads from signed-in callers lift it (see HTTP_REQUEST_TIMEOUT_MS).
   */
  HTTP_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /**
   * Time any one request may take to arrive whole, headers and body, large uploads included
   * (a 50 MiB directory import at about 700 kbit/s); Node answers 408 and closes after it.
   */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(600_000),
  /** How long an idle keep-alive connection stays open (Node's default, made explicit). */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: urlWithScheme('nats', 'tls', 'ws', 'wss').default('nats://127.0.0.1:4222'),
  /**
   * Prefix for every stream, subject and durable name. Empty in production; tests and
   * side-by-side deployments on one NATS server use it to stay apart.
   */
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9]*$/, 'lower-case letters and digits')
    .default(''),
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  DATABASE_URL: urlWithScheme('postgres', 'postgresql').default(
    'postgres://postgres:postgres@127.0.0.1:5432/threadline',
  ),
  /**
   * The login migrations run as (MIGRATE_ON_START and the migrate command): the schema's owner,
   * while DATABASE_URL is the service's own role with DML only (decision 46). Unset: DATABASE_URL.
   */
  DATABASE_MIGRATION_URL: urlWithScheme('postgres', 'postgresql').optional(),
  /** Each service's default comes from the declared connection budget (SERVICE_CONNECTIONS). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(FALLBACK_POOL_SIZE),
  /** Named prepared statements on each connection; false behind PgBouncer's transaction pooling before 1.21. */
  DATABASE_PREPARED_STATEMENTS: booleanFromEnv.default(true),
  REDIS_URL: urlWithScheme('redis', 'rediss').default('redis://127.0.0.1:6379'),
  MIGRATE_ON_START: booleanFromEnv.default(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Messages each consumer holds at once in a process. */
  CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** Messages a consumer handles in one transaction at most, when they arrive together (decision 52). */
  CONSUMER_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(16),
  CONSUMER_MAX_DELIVER: z.coerce.number().int().min(1).max(100).default(8),
  /** The outbox relay's poll interval while its LISTEN connection is down. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(5).default(200),
  /** Its poll interval while LISTEN is up: NOTIFY wakes it for every commit, so this is a safety net. */
  OUTBOX_LISTENING_POLL_MS: z.coerce.number().int().min(5).max(600_000).default(5_000),
  /** How long published outbox rows are kept before the hourly trim deletes them. */
  OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(1).default(168),
  /** Bearer token for the operations endpoints (dead letters); they are disabled while unset. */
  OPERATOR_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Writes finished spans as JSON lines to this file; for tests and local debugging. */
  OTEL_TRACES_FILE: z.string().min(1).optional(),
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;

/** Platform variables that are secrets outright, whichever service reads them. */
const ALWAYS_SECRET = ['OPERATOR_TOKEN'];

/** A printable view of a config: URLs lose their credentials, secrets their values. */
export function redactConfig(
  config: Record<string, unknown>,
  secrets: readonly string[] = [],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      if (value !== undefined && (secrets.includes(key) || ALWAYS_SECRET.includes(key)))
        return [key, '(secret)'];
      if (typeof value === 'string' && /^[a-z]+:\/\//.test(value)) return [key, withoutCredentials(value)];
      return [key, value];
    }),
  );
}

function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (url.username || url.password) {
      url.username = url.username ? '***' : '';
      url.password = url.password ? '***' : '';
    }
    return url.toString();
  } catch {
    return '(secret)';
  }
}
