import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface NatsSettings {
  url: string;
  /** Shown in the server's connection list: which service and replica this is. */
  name: string;
}

/**
 * Connects with endless reconnects: a NATS restart must not take a service down, only pause
 * its traffic (readiness reports it meanwhile). The first connection still fails fast so a
 * wrong URL is noticed at boot.
 */
export async function connectNats(settings: NatsSettings, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: settings.url,
    name: settings.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    reconnectJitter: 500,
    pingInterval: 10_000,
    timeout: 5_000,
    // Otherwise every request and JetStream publish captures a stack trace up front, in case it
    // times out: 2–4 % of each service's CPU under load. Our errors name the subject anyway.
    noAsyncTraces: true,
  });
  void watchStatus(nc, logger);
  logger.info({ server: nc.getServer() }, 'connected to NATS');
  return nc;
}

async function watchStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    switch (status.type) {
      case 'disconnect':
        logger.warn({ server: status.server }, 'NATS disconnected, reconnecting');
        break;
      case 'reconnect':
        logger.info({ server: status.server }, 'NATS reconnected');
        break;
      case 'error':
        logger.error({ err: status.error }, 'NATS error');
        break;
      default:
        break;
    }
  }
}
