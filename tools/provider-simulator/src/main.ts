#!/usr/bin/env node
import { ConfigError, loadSimulatorConfig } from './config';
import { createLogger } from './logger';
import { startProviderSimulator } from './simulator';

async function main(): Promise<void> {
  const config = loadSimulatorConfig(process.env);
  const logger = createLogger(config.logLevel);
  const simulator = await startProviderSimulator({ ...config, logger });

  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'provider simulator shutting down');
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'provider simulator did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  const logger = createLogger('info');
  if (error instanceof ConfigError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'provider simulator failed to start');
  process.exitCode = 1;
});
