import express, { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import { type Logger } from 'pino';
import { type CreateOutboundMessage } from '../app/create-outbound-message.use-case';
import { type SimulatorState } from '../app/simulator-state';
import { parseCreateMessageForm } from '../domain/twilio-create-message';
import { TwilioApiError, twilioErrors } from '../domain/twilio-error';
import { listMessages, parseMessageListQuery } from '../domain/twilio-message-list';
import { toMessageResource } from '../domain/twilio-message-resource';
import { parseBasicAuth } from './basic-auth';
import { outageGate } from './outage-gate';

export interface TwilioApiDeps {
  accountSid: string;
  authToken: string;
  state: SimulatorState;
  createMessage: CreateOutboundMessage;
  logger: Logger;
}

/**
 * The slice of Twilio's REST API that sms-gateway uses, mounted at `/2010-04-01`. Answers and
 * errors have Twilio's shapes, so the gateway's Twilio client cannot tell the difference.
 */
export function twilioApiRouter(deps: TwilioApiDeps): Router {
  const router = Router();
  router.use(authenticate(deps));

  const duringOutage = outageGate(deps.state, (res, status) => {
    const unavailable = twilioErrors.serverError(status);
    res.status(unavailable.status).json(unavailable.toBody());
  });

  router.post('/Accounts/:accountSid/Messages.json', duringOutage);
  router.post('/Accounts/:accountSid/Messages.json', express.urlencoded({ extended: false }), (req, res) => {
    requireOwnAccount(deps, req.params.accountSid, req.originalUrl);
    const message = deps.createMessage.execute(parseCreateMessageForm(req.body));
    const lostWith = deps.state.takeLostAnswer(message.to);
    if (lostWith !== undefined) {
      // Taken and on its way, but the caller cannot know: the case a retry must not send twice.
      const lost = twilioErrors.serverError(lostWith);
      res.status(lost.status).json(lost.toBody());
      return;
    }
    res.status(201).json(toMessageResource(message));
  });

  // sms-gateway asks it, after a send whose answer it lost, whether the message was taken.
  router.get('/Accounts/:accountSid/Messages.json', (req, res) => {
    requireOwnAccount(deps, req.params.accountSid, req.originalUrl);
    const parsed = parseMessageListQuery(req.query);
    if ('invalid' in parsed) throw twilioErrors.invalidParameter(parsed.invalid);
    const messages = listMessages(deps.state.allMessages(), parsed.filter).map(toMessageResource);
    const uri = req.originalUrl;
    res.json({
      messages,
      page: 0,
      page_size: parsed.filter.pageSize,
      start: 0,
      end: Math.max(0, messages.length - 1),
      uri,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
    });
  });

  router.get('/Accounts/:accountSid/Messages/:sid.json', (req, res) => {
    requireOwnAccount(deps, req.params.accountSid, req.originalUrl);
    const message = deps.state.message(req.params.sid);
    if (!message) throw twilioErrors.notFound(req.originalUrl);
    res.json(toMessageResource(message));
  });

  // Media of an inbound MMS, behind the account's basic auth like the rest of the API.
  router.get('/Accounts/:accountSid/Messages/:sid/Media/:mediaSid', (req, res) => {
    requireOwnAccount(deps, req.params.accountSid, req.originalUrl);
    const medium = deps.state.medium(req.params.mediaSid);
    if (!medium?.bytes) throw twilioErrors.notFound(req.originalUrl);
    res.setHeader('content-type', medium.contentType);
    res.send(medium.bytes);
  });

  router.use((req) => {
    throw twilioErrors.notFound(req.originalUrl);
  });
  router.use(twilioErrorHandler(deps.logger));
  return router;
}

// Twilio checks credentials before it looks at the path, so even unknown paths answer 401.
function authenticate(deps: TwilioApiDeps): RequestHandler {
  return (req, res, next) => {
    const credentials = parseBasicAuth(req.header('authorization'));
    if (credentials?.username === deps.accountSid && credentials.password === deps.authToken) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
    next(twilioErrors.authenticate());
  };
}

function requireOwnAccount(deps: TwilioApiDeps, accountSid: string, path: string): void {
  if (accountSid !== deps.accountSid) throw twilioErrors.notFound(path);
}

function twilioErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof TwilioApiError) {
      res.status(error.status).json(error.toBody());
      return;
    }
    logger.error({ err: error }, 'Twilio API request failed');
    const internal = twilioErrors.internal();
    res.status(internal.status).json(internal.toBody());
  };
}
