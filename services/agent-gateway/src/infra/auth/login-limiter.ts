import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, LOGGER, REDIS, RetryLaterError } from '@threadline/platform';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AgentErrorCodes } from '../../app/error-codes';
import type { AgentGatewayConfig } from '../../config';
import { judgeLoginAttempt, type LoginLimits, loginLimitKeys } from '../../domain/login-limits';

/**
 * Counts one attempt on each key (KEYS[1] the username's, KEYS[2] the address's), starting a
 * window of ARGV[1] ms on a key's first count, and answers each count with the ms its window
 * has left. One script, so both counts and expiries are set together, on Redis's clock.
 */
const COUNT_SCRIPT = `
local answer = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  answer[#answer + 1] = count
  answer[#answer + 1] = redis.call('PTTL', key)
end
return answer
`;

/**
 * Takes an attempt back: the username's counter is deleted when ARGV[1] is 'reset' (its owner
 * just logged in), else both lose one count. A counter whose window ended meanwhile is left
 * gone: a decrement must not create a key with no expiry.
 */
const UNCOUNT_SCRIPT = `
for i, key in ipairs(KEYS) do
  if i == 1 and ARGV[1] == 'reset' then
    redis.call('DEL', key)
  elseif redis.call('EXISTS', key) == 1 and redis.call('DECR', key) <= 0 then
    redis.call('DEL', key)
  end
end
return 0
`;

/** An admitted attempt: what it means for the counters once the password was checked. */
export interface LoginAttempt {
  /** The password was right: the username's failures are forgotten; the attempt is not a failure. */
  succeeded(): Promise<void>;
  /** Neither success nor failure (the check itself failed): the attempt is not counted. */
  abandoned(): Promise<void>;
}

const NOTHING_COUNTED: LoginAttempt = { succeeded: async () => {}, abandoned: async () => {} };

/**
 * Failed logins per username and per client address, in Redis so that every replica counts
 * the same failures (decision 44). An attempt is counted before its password is checked, and
 * taken back unless it failed; over a limit, 429 TOO_MANY_LOGIN_ATTEMPTS with Retry-After.
 * While Redis is away the limiter lets logins through and says so in the log: locking every
 * agent out of work would be worse than a few minutes without the limit.
 */
@Injectable()
export class LoginLimiter {
  private readonly prefix: string;
  private readonly limits: LoginLimits;
  private redisFailing = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: AgentGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // Test runs and benches share one Redis; their counters must not meet.
    this.prefix = `${config.NATS_NAMESPACE || 'threadline'}:agent-gateway:`;
    this.limits = {
      perUsername: config.LOGIN_MAX_FAILURES_PER_USERNAME,
      perAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMs: config.LOGIN_FAILURE_WINDOW_SECONDS * 1000,
    };
  }

  /** Counts the attempt, or refuses it with 429 when the username or the address is over its limit. */
  async begin(username: string, address: string): Promise<LoginAttempt> {
    const keys = loginLimitKeys(this.prefix, username, address);
    let counts: number[];
    try {
      counts = (await this.redis.eval(
        COUNT_SCRIPT,
        2,
        keys.username,
        keys.address,
        this.limits.windowMs,
      )) as number[];
      this.recovered();
    } catch (error) {
      this.failing(error);
      return NOTHING_COUNTED;
    }
    const [userCount = 0, userTtl = 0, addressCount = 0, addressTtl = 0] = counts;
    const admission = judgeLoginAttempt(
      { username: { count: userCount, ttlMs: userTtl }, address: { count: addressCount, ttlMs: addressTtl } },
      this.limits,
    );
    const uncount = (mode: 'reset' | 'release') => async () => {
      try {
        await this.redis.eval(UNCOUNT_SCRIPT, 2, keys.username, keys.address, mode);
      } catch (error) {
        this.failing(error);
      }
    };
    if (!admission.admitted) {
      // A refused attempt checks no password, so it is no failure: it leaves the counts as they were.
      await uncount('release')();
      throw new RetryLaterError(
        AgentErrorCodes.TOO_MANY_LOGIN_ATTEMPTS,
        429,
        `too many failed logins; try again in ${admission.retryAfterSeconds} s`,
        admission.retryAfterSeconds,
        { retryAfterSeconds: admission.retryAfterSeconds },
      );
    }
    return { succeeded: uncount('reset'), abandoned: uncount('release') };
  }

  private failing(error: unknown): void {
    if (!this.redisFailing)
      this.logger.warn(
        { err: error },
        'login limits unavailable (Redis): logins are not limited until it answers',
      );
    this.redisFailing = true;
  }

  private recovered(): void {
    if (this.redisFailing) this.logger.info('login limits available again');
    this.redisFailing = false;
  }
}
