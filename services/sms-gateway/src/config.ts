import { phoneRegion } from '@threadline/contracts';
import {
  type DevelopmentDefaults,
  MEDIA_SECRET_KEYS,
  type MediaConfig,
  mediaConfigShape,
  type PlatformConfig,
  urlWithScheme,
} from '@threadline/platform';
import { z } from 'zod';
import type { InboundSmsRules } from './domain/inbound-sms';
import type { SendRates } from './domain/send-rate';

/** Segments per second one company number may send; decimals allow rates below one a second. */
const segmentsPerSecond = z.coerce.number().positive().max(10_000);

/** The provider accounts a gateway can run; company_number.provider names one of them. */
export const SMS_PROVIDER_KEYS = ['twilio', 'telnyx'] as const;
export type SmsProviderKey = (typeof SMS_PROVIDER_KEYS)[number];

/** A base URL without its trailing slash, so paths can be appended to it as they are. */
const baseUrl = urlWithScheme('http', 'https').transform((value) => value.replace(/\/+$/, ''));

/**
 * The provider simulator's auth token (tools/provider-simulator), public like the rest of the
 * repository: whoever knows the token can sign webhooks, so a production process refuses to
 * start with it (DEVELOPMENT_DEFAULTS).
 */
export const SIMULATOR_AUTH_TOKEN = 'threadline-simulator-token';

/** Signs the media URLs the provider fetches outbound images from; public, so refused in production. */
export const DEVELOPMENT_MEDIA_URL_SECRET = 'threadline-development-media-url-secret';

/**
 * The provider simulator's Telnyx API key and the public half of its fixed Ed25519 webhook
 * key pair (tools/provider-simulator/src/telnyx-keys.ts). Public like the Twilio token, and
 * refused in production for the same reason (DEVELOPMENT_DEFAULTS).
 */
export const SIMULATOR_TELNYX_API_KEY = 'KEYthreadline-simulator';
export const SIMULATOR_TELNYX_PUBLIC_KEY = 'ZAAjTWXzDt8TfboBMLaIRcJOy5Ex2VF9idMwphjQXZw=';

/**
 * The gateway's own settings, added to the platform's. The defaults point at the local
 * provider simulator (tools/provider-simulator), so the service runs with no configuration.
 */
export const smsGatewayConfigShape = {
  /**
   * The provider accounts this gateway runs (docs/providers.md): only their webhooks are
   * answered, their sends made, and their keys required in production.
   */
  SMS_PROVIDERS: z
    .string()
    .default(SMS_PROVIDER_KEYS.join(','))
    .transform((value) =>
      [...new Set(value.split(',').map((key) => key.trim().toLowerCase()))].filter(Boolean),
    )
    .refine(
      (keys) =>
        keys.length > 0 && keys.every((key) => (SMS_PROVIDER_KEYS as readonly string[]).includes(key)),
      `a comma-separated list of ${SMS_PROVIDER_KEYS.join(', ')}`,
    )
    .transform((keys) => keys as SmsProviderKey[]),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio account SID: AC and 32 hex digits')
    .default('AC00000000000000000000000000000001'),
  TWILIO_AUTH_TOKEN: z.string().min(1).default(SIMULATOR_AUTH_TOKEN),
  TWILIO_API_BASE_URL: baseUrl.default('http://127.0.0.1:3100'),
  TELNYX_API_KEY: z.string().min(1).default(SIMULATOR_TELNYX_API_KEY),
  /** Telnyx's webhook signing key as its portal shows it: base64 of the 32-byte Ed25519 key. */
  TELNYX_PUBLIC_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'a base64 Ed25519 public key (32 bytes)')
    .default(SIMULATOR_TELNYX_PUBLIC_KEY),
  TELNYX_API_BASE_URL: baseUrl.default('http://127.0.0.1:3100'),
  /** Sent with each message when set; Telnyx needs it only for numbers without a profile. */
  TELNYX_MESSAGING_PROFILE_ID: z.string().min(1).optional(),
  /** How old a signed webhook may be, and how long its signature is remembered against replays. */
  TELNYX_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  /** Where the provider reaches this service: signatures are checked against it. */
  SMS_PUBLIC_BASE_URL: baseUrl.default('http://127.0.0.1:3001'),
  SMS_DEFAULT_REGION: phoneRegion,
  // Form encoding turns one UTF-8 byte into up to three characters (%XX); 80 KiB of body
  // so encoded still fits the 256 KiB request limit and reaches the gateway's own check.
  SMS_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(80 * 1024)
    .default(64 * 1024),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // Send rates per number type, shared by every replica (docs/send-rates.md): the carriers'
  // usual allowances for US numbers.
  SMS_RATE_LONG_CODE: segmentsPerSecond.default(1),
  SMS_RATE_TOLL_FREE: segmentsPerSecond.default(3),
  SMS_RATE_SHORT_CODE: segmentsPerSecond.default(100),
  /** S3: provider calls per send while it is unavailable; then the message is failed. */
  SMS_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  ...mediaConfigShape,
  /** SPEC S5: the largest inbound medium kept; reading stops beyond it. */
  SMS_MAX_MEDIA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  /**
   * Media are fetched while the provider waits for our answer to its webhook (15 s at Twilio),
   * all at once, each within this time.
   */
  SMS_MEDIA_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(12_000).default(8_000),
  MEDIA_URL_SECRET: z.string().min(24, 'at least 24 characters').default(DEVELOPMENT_MEDIA_URL_SECRET),
  /** How long a signed media URL handed to the provider stays valid. */
  MEDIA_URL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(7 * 24 * 3600)
    .default(3600),
};

export type SmsGatewayConfig = PlatformConfig &
  MediaConfig &
  z.infer<z.ZodObject<typeof smsGatewayConfigShape>>;

/** What an inbound webhook is checked against. */
export function inboundSmsRules(config: SmsGatewayConfig): InboundSmsRules {
  return { defaultRegion: config.SMS_DEFAULT_REGION, maxBodyBytes: config.SMS_MAX_BODY_BYTES };
}

/** The segments per second of each number type. */
export function sendRates(config: SmsGatewayConfig): SendRates {
  return {
    long_code: config.SMS_RATE_LONG_CODE,
    toll_free: config.SMS_RATE_TOLL_FREE,
    short_code: config.SMS_RATE_SHORT_CODE,
  };
}

export const SECRET_CONFIG_KEYS = [
  'TWILIO_AUTH_TOKEN',
  'TELNYX_API_KEY',
  'MEDIA_URL_SECRET',
  ...MEDIA_SECRET_KEYS,
];

/** Whether the configuration (maybe partly parsed) runs the provider account `key`. */
function runs(key: SmsProviderKey) {
  return (config: Partial<Record<string, unknown>>) =>
    !Array.isArray(config.SMS_PROVIDERS) || config.SMS_PROVIDERS.includes(key);
}

/**
 * The built-in secrets, refused by the platform when NODE_ENV=production; a provider's only
 * when the gateway runs that provider.
 */
export const DEVELOPMENT_DEFAULTS: DevelopmentDefaults = {
  TWILIO_AUTH_TOKEN: { value: SIMULATOR_AUTH_TOKEN, usedWhen: runs('twilio') },
  TELNYX_API_KEY: { value: SIMULATOR_TELNYX_API_KEY, usedWhen: runs('telnyx') },
  TELNYX_PUBLIC_KEY: { value: SIMULATOR_TELNYX_PUBLIC_KEY, usedWhen: runs('telnyx') },
  MEDIA_URL_SECRET: DEVELOPMENT_MEDIA_URL_SECRET,
};

/** The request limit of the service: well above SMS_MAX_BODY_BYTES, see there. */
export const REQUEST_BODY_LIMIT_BYTES = 256 * 1024;
