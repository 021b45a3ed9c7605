import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Redis holds only short-lived state (presence, rate limits, socket fan-out), so commands
 * fail at once while it is away instead of queueing: callers and readiness see the outage.
 */
export async function connectRedis(url: string, name: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let warned = false;
  redis.on('error', (error: Error) => {
    if (!warned) logger.warn({ err: error }, 'Redis connection error; retrying');
    warned = true;
  });
  redis.on('ready', () => {
    if (warned) logger.info('Redis reconnected');
    warned = false;
  });
  await redis.connect();
  return redis;
}
