import { z } from 'zod';
import { type FailureRule, parseFailureRules } from './domain/failure-rules';
import { isHttpUrl } from './domain/http-url';
import { isE164 } from './domain/phone-number';
import {
  DEFAULT_TELNYX_NUMBERS,
  SIMULATOR_TELNYX_API_KEY,
  SIMULATOR_TELNYX_PRIVATE_KEY,
} from './telnyx-keys';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SimulatorConfig {
  /** 0 picks any free port. */
  port: number;
  host: string;
  accountSid: string;
  authToken: string;
  /** Where inbound SMS are posted unless a company number has its own webhook. */
  inboundWebhookUrl: string;
  webhookTimeoutMs: number;
  /** Pause before each status step of an outbound message (queued → sent → delivered). */
  statusDelayMs: number;
  failingNumbers: readonly FailureRule[];
  /** The bearer key of the Telnyx API (`/v2`). */
  telnyxApiKey: string;
  /** The seed (base64, 32 bytes) of the Ed25519 key the Telnyx webhooks are signed with. */
  telnyxSigningKey: string;
  /** Company numbers at the Telnyx account: texts to them arrive as Telnyx webhooks. */
  telnyxNumbers: readonly string[];
  /** Where inbound Telnyx messages are posted unless a company number has its own webhook. */
  telnyxWebhookUrl: string;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const schema = z.object({
  SIM_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  SIM_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/, 'must be AC followed by 32 lowercase hex digits')
    .default('AC00000000000000000000000000000001'),
  SIM_AUTH_TOKEN: z.string().min(1).default('threadline-simulator-token'),
  SIM_INBOUND_WEBHOOK_URL: z
    .string()
    .refine(isHttpUrl, 'must be an http or https URL')
    .default('http://127.0.0.1:3001/webhooks/twilio/sms'),
  SIM_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1).default(15_000),
  SIM_STATUS_DELAY_MS: z.coerce.number().int().min(0).default(50),
  SIM_FAILING_NUMBERS: z
    .string()
    .default('')
    .transform((value, context) => {
      try {
        return parseFailureRules(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  SIM_TELNYX_API_KEY: z.string().min(1).default(SIMULATOR_TELNYX_API_KEY),
  SIM_TELNYX_SIGNING_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64')
    .default(SIMULATOR_TELNYX_PRIVATE_KEY),
  SIM_TELNYX_NUMBERS: z
    .string()
    .default(DEFAULT_TELNYX_NUMBERS.join(','))
    .transform((value) =>
      value
        .split(',')
        .map((number) => number.trim())
        .filter((number) => number !== ''),
    )
    .refine((numbers) => numbers.every(isE164), 'must be E.164 numbers separated by commas'),
  SIM_TELNYX_WEBHOOK_URL: z
    .string()
    .refine(isHttpUrl, 'must be an http or https URL')
    .default('http://127.0.0.1:3001/webhooks/telnyx'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

/**
 * Reads the simulator's settings from the environment once, at boot. A bad value fails the
 * boot naming the variable but never echoing the value, which may be the auth token.
 */
export function loadSimulatorConfig(env: NodeJS.ProcessEnv): Readonly<SimulatorConfig> {
  // `FOO=` in an env file means "use the default", not "empty".
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(set, { reportInput: false });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${describe(issue)}`);
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  const vars = result.data;
  return Object.freeze({
    port: vars.SIM_HTTP_PORT,
    host: vars.SIM_HTTP_HOST,
    accountSid: vars.SIM_ACCOUNT_SID,
    authToken: vars.SIM_AUTH_TOKEN,
    inboundWebhookUrl: vars.SIM_INBOUND_WEBHOOK_URL,
    webhookTimeoutMs: vars.SIM_WEBHOOK_TIMEOUT_MS,
    statusDelayMs: vars.SIM_STATUS_DELAY_MS,
    failingNumbers: Object.freeze(vars.SIM_FAILING_NUMBERS),
    telnyxApiKey: vars.SIM_TELNYX_API_KEY,
    telnyxSigningKey: vars.SIM_TELNYX_SIGNING_KEY,
    telnyxNumbers: Object.freeze(vars.SIM_TELNYX_NUMBERS),
    telnyxWebhookUrl: vars.SIM_TELNYX_WEBHOOK_URL,
    logLevel: vars.LOG_LEVEL,
  });
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    default:
      // Our own messages (custom, refine, regex) never quote the value.
      return issue.message;
  }
}
