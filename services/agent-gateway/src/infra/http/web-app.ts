import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppError, CONFIG } from '@threadline/platform';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AgentErrorCodes } from '../../app/error-codes';
import type { AgentGatewayConfig } from '../../config';

/** Where the app lives on the gateway's origin; vite builds it with this base. */
export const WEB_APP_BASE = '/app';

/** Vite names everything under assets/ by the hash of its content: it never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const notBuilt = (dir: string) =>
  new AppError(
    AgentErrorCodes.WEB_APP_NOT_BUILT,
    404,
    `the agent workspace is not built: run \`pnpm turbo run build --filter @threadline/web\` (or \`npm start\`), ` +
      'or point WEB_APP_DIR at a built apps/web/dist',
    { webAppDir: dir },
  );

const fileNotFound = () =>
  new AppError(AgentErrorCodes.WEB_APP_FILE_NOT_FOUND, 404, 'the agent workspace has no such file');

/**
 * Whether a path below /app/ may name a file of the app: decodable, and no segment that climbs
 * out of the directory or that the file system reads specially. The static server refuses these
 * too; refusing them first keeps them from falling back to index.html.
 */
export function isSafeAppPath(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return false;
  return decoded.split('/').every((segment) => segment !== '..' && segment !== '.');
}

/**
 * The agent workspace's files at /app/, with the single-page app's fallback: a GET under /app/
 * that names no file answers index.html, so a reload on /app/interactions/42 lands in the app,
 * whose router takes it from there. Missing hashed assets stay 404: index.html in place of a
 * script would only fail later and more confusingly.
 */
export function webAppHandler(dir: string): RequestHandler {
  const index = join(dir, 'index.html');
  const files = express.static(dir, {
    index: false,
    redirect: false,
    fallthrough: true,
    // Ours, set per request below: immutable for assets/, revalidated for the rest.
    cacheControl: false,
  });
  const serve = (request: Request, response: Response, next: NextFunction, cacheControl: string) => {
    response.setHeader('Cache-Control', cacheControl);
    files(request, response, next);
  };

  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      next();
      return;
    }
    // Mounted at /app: request.path is what follows it, '' or '/' for the app's root.
    const path = request.path;
    if (!request.originalUrl.split('?')[0]?.endsWith('/') && path === '/') {
      // /app without its slash: relative URLs in index.html resolve against /app/.
      response.redirect(302, `${WEB_APP_BASE}/`);
      return;
    }
    if (!existsSync(index)) {
      next(notBuilt(dir));
      return;
    }
    if (!isSafeAppPath(path)) {
      next(fileNotFound());
      return;
    }
    const isAsset = path.startsWith('/assets/');
    const cacheControl = isAsset ? IMMUTABLE : 'no-cache';
    serve(
      request,
      response,
      (error?: unknown) => {
        if (error) {
          next(error);
          return;
        }
        if (isAsset) {
          response.removeHeader('Cache-Control');
          next(fileNotFound());
          return;
        }
        request.url = '/index.html';
        serve(request, response, (late?: unknown) => next(late ?? notBuilt(dir)), 'no-cache');
      },
      cacheControl,
    );
  };
}

/**
 * Mounts the web app on the gateway's Express app: GET / goes to /app/, /app/ serves WEB_APP_DIR.
 * Added once the API's routes are registered (module init runs after them), so no API route
 * can be shadowed, and before Nest's not-found and error handlers, which give refusals here the
 * one error shape. Not a controller, so the OpenAPI document leaves it out: it is not API.
 */
@Injectable()
export class WebAppRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<express.Express>();
    app.get('/', (_request: Request, response: Response) => response.redirect(302, `${WEB_APP_BASE}/`));
    app.use(WEB_APP_BASE, webAppHandler(this.config.WEB_APP_DIR));
  }
}

@Module({ providers: [WebAppRoutes] })
export class WebAppModule {}
