import express, { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import { type Logger } from 'pino';
import { type CreateOutboundMessage } from '../app/create-outbound-message.use-case';
import { type SimulatorState } from '../app/simulator-state';
import { telnyxMessageResource } from '../domain/telnyx-events';
import { parseTelnyxSendMessage, TelnyxApiError, telnyxErrors } from '../domain/telnyx-send-message';
import { isBodyParserRefusal } from './body-parser-error';
import { outageGate } from './outage-gate';

export interface TelnyxApiDeps {
  apiKey: string;
  /** The company numbers at the simulated Telnyx account: the only valid `from`. */
  numbers: ReadonlySet<string>;
  state: SimulatorState;
  createMessage: CreateOutboundMessage;
  logger: Logger;
}

/** The slice of Telnyx's Messaging API v2 that sms-gateway uses, mounted at `/v2`. */
export function telnyxApiRouter(deps: TelnyxApiDeps): Router {
  const router = Router();
  router.use(authenticate(deps.apiKey));

  const duringOutage = outageGate(deps.state, (res, status) => {
    const unavailable = telnyxErrors.unavailable(status);
    res.status(unavailable.status).json(unavailable.toBody());
  });

  router.post('/messages', duringOutage);
  router.post('/messages', express.json(), (req, res) => {
    const message = deps.createMessage.execute(parseTelnyxSendMessage(req.body, deps.numbers), 'telnyx');
    res.status(200).json({ data: telnyxMessageResource(message) });
  });

  router.get('/messages/:id', (req, res) => {
    const message = deps.state.message(req.params.id);
    if (!message || message.provider !== 'telnyx') throw telnyxErrors.notFound(req.originalUrl);
    res.json({ data: telnyxMessageResource(message) });
  });

  router.use((req) => {
    throw telnyxErrors.notFound(req.originalUrl);
  });
  router.use(telnyxErrorHandler(deps.logger));
  return router;
}

function authenticate(apiKey: string): RequestHandler {
  return (req, _res, next) => {
    next(req.header('authorization') === `Bearer ${apiKey}` ? undefined : telnyxErrors.unauthorized());
  };
}

function telnyxErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof TelnyxApiError) {
      res.status(error.status).json(error.toBody());
      return;
    }
    if (isBodyParserRefusal(error)) {
      const invalid = telnyxErrors.invalid('body', error.message);
      res.status(invalid.status).json(invalid.toBody());
      return;
    }
    logger.error({ err: error }, 'Telnyx API request failed');
    const internal = telnyxErrors.internal();
    res.status(internal.status).json(internal.toBody());
  };
}
