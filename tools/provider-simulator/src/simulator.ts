import { once } from 'node:events';
import { createServer } from 'node:http';
import { type Logger } from 'pino';
import { BackgroundTasks } from './app/background-tasks';
import { CreateOutboundMessage } from './app/create-outbound-message.use-case';
import { OutboundDelivery } from './app/outbound-delivery';
import { SendFromPhone } from './app/send-from-phone.use-case';
import { SimulatorState } from './app/simulator-state';
import { type LogLevel, loadSimulatorConfig, type SimulatorConfig } from './config';
import { createHttpApp } from './infra/http-app';
import { telnyxPortalPublicKey, telnyxPrivateKey } from './domain/telnyx-signing';
import { simApiRouter } from './infra/sim-api.router';
import { telnyxApiRouter } from './infra/telnyx-api.router';
import { twilioApiRouter } from './infra/twilio-api.router';
import { WebhookPoster } from './infra/webhook-poster';
import { createLogger } from './logger';

export interface ProviderSimulatorOptions extends Partial<SimulatorConfig> {
  /** Used instead of a new logger at `logLevel` (which defaults to `warn` in-process). */
  logger?: Logger;
}

export interface ProviderSimulator {
  /** Base URL: Twilio's API is at `${url}/2010-04-01`, Telnyx's at `${url}/v2`, the simulator API at `${url}/sim`. */
  url: string;
  accountSid: string;
  authToken: string;
  /** The Telnyx API key (`/v2`), and the public key its webhooks verify with (base64, as Telnyx's portal shows it). */
  telnyxApiKey: string;
  telnyxPublicKey: string;
  /** Stops listening and cancels pending status callbacks; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the simulator in this process. Options left out take the same defaults as the
 * binary's environment variables, except the log level (`warn`, to keep test output quiet).
 * Pass `port: 0` in tests to get a free port.
 */
export async function startProviderSimulator(
  options: ProviderSimulatorOptions = {},
): Promise<ProviderSimulator> {
  const config = withDefaults(options);
  const logger = options.logger ?? createLogger(config.logLevel);

  const state = new SimulatorState(config.failingNumbers);
  // Known once the server listens; phones attach images only after that.
  let url = '';
  const tasks = new BackgroundTasks(logger);
  const telnyxKey = telnyxPrivateKey(config.telnyxSigningKey);
  const telnyxNumbers = new Set(config.telnyxNumbers);
  const poster = new WebhookPoster(config.authToken, config.webhookTimeoutMs, telnyxKey);
  const delivery = new OutboundDelivery({ state, poster, statusDelayMs: config.statusDelayMs, logger });
  const createMessage = new CreateOutboundMessage({
    state,
    tasks,
    delivery,
    accountSid: config.accountSid,
    logger,
  });
  const sendFromPhone = new SendFromPhone({
    state,
    poster,
    tasks,
    accountSid: config.accountSid,
    defaultWebhookUrl: config.inboundWebhookUrl,
    telnyxNumbers,
    telnyxWebhookUrl: config.telnyxWebhookUrl,
    logger,
    baseUrl: () => url,
  });
  const app = createHttpApp(
    {
      twilio: twilioApiRouter({
        accountSid: config.accountSid,
        authToken: config.authToken,
        state,
        createMessage,
        logger,
      }),
      telnyx: telnyxApiRouter({
        apiKey: config.telnyxApiKey,
        numbers: telnyxNumbers,
        state,
        createMessage,
        logger,
      }),
      sim: simApiRouter({ state, tasks, sendFromPhone, logger }),
    },
    logger,
  );

  const server = createServer(app);
  server.listen(config.port, config.host);
  await once(server, 'listening');
  url = baseUrl(server.address(), config.host);
  logger.info(
    {
      url,
      accountSid: config.accountSid,
      inboundWebhookUrl: config.inboundWebhookUrl,
      webhookTimeoutMs: config.webhookTimeoutMs,
      statusDelayMs: config.statusDelayMs,
      failingNumbers: config.failingNumbers,
      telnyxNumbers: config.telnyxNumbers,
      telnyxWebhookUrl: config.telnyxWebhookUrl,
    },
    'provider simulator listening',
  );

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    tasks.cancelAll();
    const closed = once(server, 'close');
    server.close();
    // Keep-alive connections would hold close() open until they time out.
    server.closeAllConnections();
    await closed;
    await tasks.drain();
    logger.info('provider simulator stopped');
  };
  return {
    url,
    accountSid: config.accountSid,
    authToken: config.authToken,
    telnyxApiKey: config.telnyxApiKey,
    telnyxPublicKey: telnyxPortalPublicKey(telnyxKey),
    stop: () => (stopping ??= stop()),
  };
}

function withDefaults(options: ProviderSimulatorOptions): SimulatorConfig {
  const defaults = loadSimulatorConfig({});
  const inProcessLogLevel: LogLevel = 'warn';
  return {
    port: options.port ?? defaults.port,
    host: options.host ?? defaults.host,
    accountSid: options.accountSid ?? defaults.accountSid,
    authToken: options.authToken ?? defaults.authToken,
    inboundWebhookUrl: options.inboundWebhookUrl ?? defaults.inboundWebhookUrl,
    webhookTimeoutMs: options.webhookTimeoutMs ?? defaults.webhookTimeoutMs,
    statusDelayMs: options.statusDelayMs ?? defaults.statusDelayMs,
    failingNumbers: options.failingNumbers ?? defaults.failingNumbers,
    telnyxApiKey: options.telnyxApiKey ?? defaults.telnyxApiKey,
    telnyxSigningKey: options.telnyxSigningKey ?? defaults.telnyxSigningKey,
    telnyxNumbers: options.telnyxNumbers ?? defaults.telnyxNumbers,
    telnyxWebhookUrl: options.telnyxWebhookUrl ?? defaults.telnyxWebhookUrl,
    logLevel: options.logLevel ?? inProcessLogLevel,
  };
}

// A wildcard bind address is not something a client can connect to; loopback is.
function baseUrl(address: ReturnType<ReturnType<typeof createServer>['address']>, host: string): string {
  if (address === null || typeof address === 'string')
    throw new Error(`unexpected server address ${address}`);
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostPart = reachable.includes(':') ? `[${reachable}]` : reachable;
  return `http://${hostPart}:${address.port}`;
}
