import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppError, CONFIG, ErrorCodes, liftBodyTimeout } from '@threadline/platform';
import { AuthenticateUseCase } from '../../app/authenticate.use-case';
import { AgentErrorCodes } from '../../app/error-codes';
import { requireDirectoryImporter } from '../../app/start-directory-import.use-case';
import type { AgentGatewayConfig } from '../../config';
import { type ImportFormat, importFormatOf } from '../../domain/import-file';
import type { AgentRequest } from '../auth/agent-auth.guard';
import { bearerToken } from '../auth/bearer-token';

/** What the middleware leaves on an upload request for the controller. */
export interface DirectoryUpload {
  format: ImportFormat;
  bytes: Buffer;
}

export interface UploadRequest extends AgentRequest {
  directoryUpload?: DirectoryUpload;
}

type Next = (error?: unknown) => void;
type Middleware = (request: IncomingMessage, response: ServerResponse, next: Next) => void;

/** Matched as Nest routes it: case-insensitively, with or without a trailing slash. */
const UPLOAD_PATH = /^\/directory\/imports\/?$/i;

const tooLarge = (limitBytes: number) =>
  new AppError(AgentErrorCodes.IMPORT_TOO_LARGE, 413, `the file is larger than ${limitBytes} bytes`, {
    limitBytes,
  });

/**
 * The whole body of `request`, or 413 IMPORT_TOO_LARGE once it passes `limitBytes`. A body too
 * large is still read to its end and dropped, so the client gets to read the answer instead
 * of a reset connection (as the platform's body parsers do).
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let exceeded = Number(request.headers['content-length']) > limitBytes;
    let size = 0;
    let chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      if (exceeded) return;
      size += chunk.length;
      if (size > limitBytes) {
        exceeded = true;
        chunks = [];
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () =>
      exceeded ? reject(tooLarge(limitBytes)) : resolve(Buffer.concat(chunks, size)),
    );
    // After 'end' these change nothing; before it, the client went away mid-upload (its doing,
    // not ours: a 4xx, so it is not logged as a failure of the gateway).
    const cutOff = () =>
      reject(new AppError(ErrorCodes.MALFORMED_BODY, 400, 'the upload ended before its body did'));
    request.once('error', cutOff);
    request.once('close', cutOff);
  });
}

/**
 * Takes the body of POST /directory/imports (CSV or JSON up to DIRECTORY_IMPORT_MAX_BYTES)
 * before the platform's body parsers, which stop at 256 KiB for every other route and would
 * parse a JSON file into objects we have no use for. It authenticates and checks the role
 * before reading, so nobody but an admin can make the gateway hold a 50 MiB body; the
 * controller checks again, as for any route.
 */
@Injectable()
export class DirectoryUploadMiddleware implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticate: AuthenticateUseCase,
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
  ) {}

  /**
   * The platform installs its body parsers on the Express app before Nest initialises the
   * modules, and offers no hook per route: so this middleware is added and then moved to the
   * front of the app's stack (Express 5's `app.router.stack`; checked, so an Express that
   * changed this fails at start instead of silently losing uploads).
   */
  onModuleInit(): void {
    const app: unknown = this.adapterHost.httpAdapter.getInstance();
    if (!isExpressApp(app)) throw new Error('agent-gateway needs Express 5 to take directory uploads');
    app.use(this.handle);
    const layer = app.router.stack.pop();
    app.router.stack.unshift(layer);
  }

  private readonly handle: Middleware = (request, _response, next) => {
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    if (request.method !== 'POST' || !UPLOAD_PATH.test(path)) {
      next();
      return;
    }
    this.receive(request as IncomingMessage & UploadRequest).then(() => next(), next);
  };

  private async receive(request: IncomingMessage & UploadRequest): Promise<void> {
    requireDirectoryImporter(await this.authenticate.execute(bearerToken(request.headers)));
    const format = importFormatOf(request.headers['content-type']);
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (format === null || encoding !== 'identity') {
      throw new AppError(
        AgentErrorCodes.IMPORT_UNSUPPORTED_TYPE,
        415,
        'upload the file as text/csv or application/json, in UTF-8 and not compressed',
        { contentType: request.headers['content-type'] ?? null, contentEncoding: encoding },
      );
    }
    // A large file from an admin may take minutes: HTTP_REQUEST_TIMEOUT_MS bounds it, not the
    // short body deadline of other requests (which strangers get until they are refused above).
    liftBodyTimeout(request);
    const bytes = await readBody(request, this.config.DIRECTORY_IMPORT_MAX_BYTES);
    request.directoryUpload = { format, bytes };
  }
}

interface ExpressApp {
  use(handler: Middleware): unknown;
  router: { stack: unknown[] };
}

function isExpressApp(value: unknown): value is ExpressApp {
  if (typeof value !== 'function' && typeof value !== 'object') return false;
  const candidate = value as Partial<ExpressApp> | null;
  return typeof candidate?.use === 'function' && Array.isArray(candidate.router?.stack);
}
