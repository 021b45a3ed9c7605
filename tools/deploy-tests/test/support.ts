// Shared facts and helpers for the deployment-file tests.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The six services, their directories under services/ and their HTTP ports. */
export const SERVICES = [
  { name: 'agent-gateway', port: 3000 },
  { name: 'sms-gateway', port: 3001 },
  { name: 'profile', port: 3002 },
  { name: 'interaction', port: 3003 },
  { name: 'routing', port: 3004 },
  { name: 'timer', port: 3005 },
] as const;

export const SERVICE_NAMES: readonly string[] = SERVICES.map((s) => s.name);

/**
 * The SMS provider simulator: built from the same Dockerfile for docker-compose.yml, and never
 * deployed to Kubernetes (a cluster talks to Twilio).
 */
export const SIMULATOR = {
  name: 'provider-simulator',
  packageDir: 'tools/provider-simulator',
  port: 3100,
  healthPath: '/sim/health',
} as const;

/** Where sms-gateway receives inbound SMS, below its SMS_PUBLIC_BASE_URL. */
export const INBOUND_SMS_WEBHOOK_PATH = '/webhooks/twilio/sms';

/** The services with a `seed` command (`node dist/seed.js`) that writes demo data. */
export const SEEDED_SERVICES = ['agent-gateway', 'sms-gateway', 'profile'] as const;

/**
 * The database logins (decision 46): each service's own DATABASE_URL, the migration role's and the
 * administrator's that creates the roles. In Kubernetes they live in Secrets of their own.
 */
export const DATABASE_SECRET_KEYS = ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'DATABASE_ADMIN_URL'] as const;

/** Keys that hold credentials: they belong in a Secret, never in a ConfigMap. */
export const SECRET_KEYS = [
  ...DATABASE_SECRET_KEYS,
  'AUTH_JWT_SECRET',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TELNYX_API_KEY',
  'TELNYX_PUBLIC_KEY',
  'MEDIA_URL_SECRET',
  'MEDIA_S3_ACCESS_KEY_ID',
  'MEDIA_S3_SECRET_ACCESS_KEY',
  'OPERATOR_TOKEN',
] as const;

/** Settings every service reads, apart from the secrets and the per-service HTTP_PORT. */
export const SHARED_SETTINGS = [
  'NATS_URL',
  'REDIS_URL',
  'HTTP_HOST',
  'LOG_LEVEL',
  'NATS_NAMESPACE',
  'NATS_STREAM_REPLICAS',
  'MIGRATE_ON_START',
  'SHUTDOWN_GRACE_MS',
] as const;

/** Non-secret settings that only some services read, by service. */
export const SERVICE_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  'agent-gateway': [
    'AUTH_TOKEN_TTL_SECONDS',
    'DIRECTORY_IMPORT_MAX_BYTES',
    'SMS_DEFAULT_REGION',
    'MEDIA_STORAGE',
    'MEDIA_S3_BUCKET',
  ],
  'sms-gateway': [
    'TWILIO_API_BASE_URL',
    'TELNYX_API_BASE_URL',
    'SMS_PUBLIC_BASE_URL',
    'SMS_DEFAULT_REGION',
    'SMS_MAX_BODY_BYTES',
    'PROVIDER_TIMEOUT_MS',
    'SMS_RATE_LONG_CODE',
    'SMS_RATE_TOLL_FREE',
    'SMS_RATE_SHORT_CODE',
    'MEDIA_STORAGE',
    'MEDIA_S3_BUCKET',
  ],
  interaction: ['INTERACTION_COMPANY_NUMBERS_FILE', 'INTERACTION_WRAP_UP_ENABLED'],
  routing: [
    'ROUTING_DEFAULT_CAPACITY',
    'ROUTING_OFFER_TIMEOUT_SECONDS',
    'ROUTING_OFFER_TIMEOUT_PRESENCE',
    'ROUTING_OFFER_SWEEP_MS',
  ],
  profile: ['SMS_DEFAULT_REGION', 'PROFILE_IMPORT_STALL_AFTER_MS'],
};

/** Services shut down gracefully within SHUTDOWN_GRACE_MS, 10 s by default. */
export const SHUTDOWN_GRACE_MS = 10_000;

export function readRepoFile(relativePath: string): string {
  return readFileSync(path.join(REPO_ROOT, relativePath), 'utf8');
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (e.g. ENOENT: not installed). */
  spawnError?: Error;
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CommandResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    ...(result.error ? { spawnError: result.error } : {}),
  };
}

/** Parses a Go/Compose style duration such as "15s", "1m30s" or "500ms" into milliseconds. */
export function durationMs(value: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new Error(`not a duration: ${JSON.stringify(value)}`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (units[unit ?? ''] ?? NaN), 0);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
