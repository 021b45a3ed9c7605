import express, { type ErrorRequestHandler, Router } from 'express';
import { type Logger } from 'pino';
import { z } from 'zod';
import { type BackgroundTasks } from '../app/background-tasks';
import { type SendFromPhone } from '../app/send-from-phone.use-case';
import { type SimulatorState } from '../app/simulator-state';
import { FAILURE_STATUSES } from '../domain/failure-rules';
import { isHttpUrl } from '../domain/http-url';
import { isE164 } from '../domain/phone-number';
import { SimApiError, SimErrorCode } from './sim-api-error';
import { DEMO_PHONE_BOOK } from '../domain/demo-phone-book';
import { toInboxEntryView, toMessageView, toSentEntryView, toThreadEntryView } from './sim-views';
import { isBodyParserRefusal } from './body-parser-error';
import { OUTAGE_MODES } from '../domain/outage';

export interface SimApiDeps {
  state: SimulatorState;
  tasks: BackgroundTasks;
  sendFromPhone: SendFromPhone;
  logger: Logger;
}

const sendSmsBody = z.object({
  to: z.string(),
  body: z.string(),
  mediaUrls: z.array(z.string().refine(isHttpUrl, 'must be an http or https URL')).max(10).optional(),
  /** Images the phone attaches (MMS), as base64; served to the gateway behind basic auth. */
  images: z
    .array(z.object({ contentType: z.string().min(1).max(100), base64: z.string().min(1).max(8_000_000) }))
    .max(10)
    .optional(),
});

const failureBody = z.object({
  status: z.enum(FAILURE_STATUSES),
  errorCode: z.number().int().positive(),
});

/** A send the provider took although its answer says otherwise (a 5xx), for retry tests. */
const lostAnswerBody = z.object({
  status: z.number().int().min(500).max(599).default(500),
  count: z.number().int().min(1).max(100).default(1),
});

/** The provider's send API failing for a while: 5xx answers (`error`) or none at all (`timeout`). */
const outageBody = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal(OUTAGE_MODES[0]), status: z.number().int().min(500).max(599).default(503) }),
  z.object({ mode: z.literal(OUTAGE_MODES[1]) }),
]);

const webhookBody = z.object({
  url: z.string().refine(isHttpUrl, 'must be an http or https URL'),
});

/** The simulator's own JSON API, mounted at `/sim`: drives phones and inspects what happened. */
export function simApiRouter(deps: SimApiDeps): Router {
  const { state, tasks, sendFromPhone } = deps;
  const router = Router();
  router.use(express.json({ limit: '12mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post('/reset', (_req, res) => {
    tasks.cancelAll();
    state.reset();
    res.status(204).end();
  });

  router.post('/phones/:phone/messages', async (req, res) => {
    const phone = phoneNumber(req.params.phone, 'phone');
    const input = validate(sendSmsBody, req.body);
    const to = phoneNumber(input.to, 'to');
    const result = await sendFromPhone.execute({
      phone,
      to,
      body: input.body,
      mediaUrls: input.mediaUrls ?? [],
      images: (input.images ?? []).map((image) => ({
        contentType: image.contentType,
        bytes: Buffer.from(image.base64, 'base64'),
      })),
    });
    res.status(201).json(result);
  });

  router.get('/phones/:phone/messages', (req, res) => {
    const phone = phoneNumber(req.params.phone, 'phone');
    res.json(state.inbox(phone).map(toInboxEntryView));
  });

  router.get('/phones/:phone/thread', (req, res) => {
    const phone = phoneNumber(req.params.phone, 'phone');
    res.json(state.thread(phone).map((message) => toThreadEntryView(phone, message)));
  });

  // The phone's own view of an image (the demo page shows them); no auth, like the rest of /sim.
  router.get('/media/:sid', (req, res) => {
    const medium = state.medium(req.params.sid);
    if (!medium?.bytes) throw new SimApiError(404, SimErrorCode.MEDIA_NOT_FOUND, 'no such image');
    res.setHeader('content-type', medium.contentType);
    res.setHeader('x-content-type-options', 'nosniff');
    res.send(medium.bytes);
  });

  router.get('/phone-book', (_req, res) => {
    res.json(DEMO_PHONE_BOOK);
  });

  router.put('/phones/:phone/failure', (req, res) => {
    const phone = phoneNumber(req.params.phone, 'phone');
    const rule = { phone, ...validate(failureBody, req.body) };
    state.setFailure(rule);
    deps.logger.info({ ...rule }, 'phone set to fail');
    res.json(rule);
  });

  router.delete('/phones/:phone/failure', (req, res) => {
    state.clearFailure(phoneNumber(req.params.phone, 'phone'));
    res.status(204).end();
  });

  router.put('/phones/:phone/lost-answers', (req, res) => {
    const phone = phoneNumber(req.params.phone, 'phone');
    const { status, count } = validate(lostAnswerBody, req.body);
    state.loseAnswers(phone, status, count);
    deps.logger.info({ phone, status, count }, 'sends to phone taken, answers lost');
    res.json({ phone, status, count });
  });

  router.get('/outage', (_req, res) => {
    res.json({ outage: state.currentOutage() ?? null, heldSends: state.heldSends() });
  });

  router.put('/outage', (req, res) => {
    const outage = validate(outageBody, req.body);
    state.startOutage(outage);
    deps.logger.warn({ ...outage }, 'provider outage started: sends fail until DELETE /sim/outage');
    res.json({ outage });
  });

  router.delete('/outage', (_req, res) => {
    state.endOutage();
    deps.logger.info('provider outage ended');
    res.status(204).end();
  });

  router.put('/numbers/:companyNumber/webhook', (req, res) => {
    const companyNumber = phoneNumber(req.params.companyNumber, 'companyNumber');
    const { url } = validate(webhookBody, req.body);
    state.setWebhook(companyNumber, url);
    res.json({ companyNumber, url });
  });

  router.get('/numbers/:companyNumber/sent', (req, res) => {
    const companyNumber = phoneNumber(req.params.companyNumber, 'companyNumber');
    res.json(state.sentFrom(companyNumber).map(toSentEntryView));
  });

  router.get('/messages/:sid', (req, res) => {
    const message = state.message(req.params.sid);
    if (!message) {
      throw new SimApiError(404, SimErrorCode.MESSAGE_NOT_FOUND, `no message ${req.params.sid}`);
    }
    res.json(toMessageView(message));
  });

  router.use((req) => {
    throw new SimApiError(404, SimErrorCode.ROUTE_NOT_FOUND, `no route ${req.method} ${req.originalUrl}`);
  });
  router.use(simErrorHandler(deps.logger));
  return router;
}

function phoneNumber(value: string, field: string): string {
  if (!isE164(value)) {
    throw new SimApiError(400, SimErrorCode.PHONE_NUMBER_INVALID, `${field} must be an E.164 phone number`, {
      field,
    });
  }
  return value;
}

function validate<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new SimApiError(
    400,
    SimErrorCode.VALIDATION_FAILED,
    'the request body is invalid',
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

function simErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof SimApiError) {
      res.status(error.status).json(error.toBody());
      return;
    }
    if (isBodyParserRefusal(error)) {
      const invalid = new SimApiError(error.status, SimErrorCode.VALIDATION_FAILED, error.message);
      res.status(invalid.status).json(invalid.toBody());
      return;
    }
    logger.error({ err: error }, 'simulator API request failed');
    const internal = new SimApiError(500, SimErrorCode.INTERNAL_ERROR, 'internal error');
    res.status(internal.status).json(internal.toBody());
  };
}
