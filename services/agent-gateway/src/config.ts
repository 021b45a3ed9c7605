import { resolve } from 'node:path';
import { phoneRegion } from '@threadline/contracts';
import { mediaConfigShape, type PlatformConfig } from '@threadline/platform';
import { z } from 'zod';

/**
 * Signs tokens on a developer's machine so `npm start` needs no setup. Anyone can read it
 * here, so a production process refuses to start with it (DEVELOPMENT_DEFAULTS).
 */
export const DEVELOPMENT_JWT_SECRET = 'threadline-development-only-jwt-secret-never-use-in-production';

/** The built-in secrets, refused by the platform when NODE_ENV=production. */
export const DEVELOPMENT_DEFAULTS = { AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET };

export const agentGatewayConfigShape = {
  ...mediaConfigShape,
  /** SPEC S5: the largest image an agent may upload to send. */
  MEDIA_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  /** HMAC key of the agents' access tokens (HS256). */
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_JWT_SECRET),
  /** How long an access token is valid; agents log in again after it (default: an 8-hour shift). */
  AUTH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60 * 60)
    .default(8 * 60 * 60),
  /**
   * Failed logins allowed per username in one window (decision 44): a person who forgot their
   * password gets ten tries; a guesser gets ten per window, about a thousand a day.
   */
  LOGIN_MAX_FAILURES_PER_USERNAME: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /**
   * Failed logins allowed per client address in one window: higher than per username, since a
   * whole office may share one address, and low enough to stop one host trying many usernames.
   */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** The window of both login limits, from a key's first failure. */
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60 * 60)
    .default(15 * 60),
  /**
   * How many proxies of ours stand in front of the gateway (a load balancer, an ingress): the
   * client's address is then read that many entries from the right of X-Forwarded-For. 0 (the
   * default) reads the socket's peer and ignores the header, which anyone can write.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Largest directory import file (POST /directory/imports), in bytes. The file is read whole
   * before the answer, so this bounds the memory one upload takes; other routes keep the
   * platform's limit.
   */
  DIRECTORY_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  /**
   * Longest message an agent may send (a reply or the first message of a conversation they
   * start), counted as the contracts count it (UTF-16 code units). Interaction accepts at most
   * 1600, the longest message Twilio sends, so a larger value would only move the refusal there.
   */
  AGENT_MESSAGE_MAX_CHARS: z.coerce.number().int().min(1).max(1600).default(1600),
  /**
   * The country read for numbers an agent types without a country code, in a search (SPEC I4) or a
   * conversation they start; the setting sms-gateway and profile normalise with, so a typed number
   * finds the stored E.164 one.
   */
  SMS_DEFAULT_REGION: phoneRegion,
  /**
   * How often this replica tells routing which agents have a WebSocket open here (SPEC W3: they
   * count as present; routing takes agents it has not heard of for a while offline). Keep it well
   * under routing's timeout, so that one lost heartbeat does not send anyone offline.
   */
  AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /**
   * WebSockets one agent may have open on one replica (a tab or console each); counted per
   * replica, so behind N replicas an agent may hold up to N times this. More is refused at the
   * upgrade with 429 TOO_MANY_SOCKETS.
   */
  AGENT_MAX_SOCKETS: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * The built agent workspace (apps/web's `dist/`), served at /app/ on the API's own origin. The
   * default is the workspace's build, found from this file (src/ under ts-jest, dist/ under
   * `npm start`: both sit two levels below the repository's services/); the image sets its own.
   * A directory without index.html does not stop the gateway: /app/ answers WEB_APP_NOT_BUILT.
   */
  WEB_APP_DIR: z
    .string()
    .min(1)
    .default(resolve(__dirname, '../../../apps/web/dist'))
    .transform((dir) => resolve(dir)),
};

export type AgentGatewayConfig = PlatformConfig & z.infer<z.ZodObject<typeof agentGatewayConfigShape>>;
