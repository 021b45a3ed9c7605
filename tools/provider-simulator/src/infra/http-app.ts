import express, { type Express, type RequestHandler, type Router } from 'express';
import { type Logger } from 'pino';
import { mountPhonePage } from './phone-page';
import { SimApiError, SimErrorCode } from './sim-api-error';

/**
 * Twilio's REST API under `/2010-04-01`, Telnyx's Messaging API under `/v2`, the simulator's own
 * API under `/sim`, the demo phone at `/phone/`.
 */
export function createHttpApp(
  routers: { twilio: Router; telnyx: Router; sim: Router },
  logger: Logger,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(logRequests(logger));
  app.use('/2010-04-01', routers.twilio);
  app.use('/v2', routers.telnyx);
  app.use('/sim', routers.sim);
  mountPhonePage(app);
  app.use((req, res) => {
    const notFound = new SimApiError(404, SimErrorCode.ROUTE_NOT_FOUND, `no route ${req.method} ${req.path}`);
    res.status(notFound.status).json(notFound.toBody());
  });
  return app;
}

function logRequests(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const latencyMs = Math.round(performance.now() - started);
      logger.debug(
        { method: req.method, path: req.originalUrl, status: res.statusCode, latencyMs },
        'request',
      );
    });
    next();
  };
}
