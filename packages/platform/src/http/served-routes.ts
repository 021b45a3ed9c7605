/**
 * What one process answers over HTTP, read from its live Express router rather than from the
 * OpenAPI document: the document leaves out what is not API (Swagger UI's own files, the web app,
 * redirects), and only the router knows every path a request can reach. Operators read it at
 * `GET /ops/routes`; the authorisation matrix test compares it with its table, so an endpoint
 * added without a row fails that test.
 */
export interface ServedRoutes {
  /** Method and path of every route, in the order the router tries them (`GET /interactions/:id`). */
  routes: Array<{ method: string; path: string }>;
  /** Handlers mounted under a path prefix that answer anything below it (static files, the web app). */
  mounts: Array<{ path: string; handler: string }>;
  /** Handlers every request passes through (body parsers, error handlers), by function name. */
  middleware: string[];
  /** Handlers of the HTTP server's `upgrade` event (WebSockets), by function name. */
  upgradeHandlers: string[];
}

/** The parts of an Express 5 router layer (the `router` package) this reads. */
interface RouterLayer {
  name: string;
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean | undefined> };
}

/** Express 5 keeps its layers at `app.router.stack`. */
export interface RouterStackOwner {
  router: { stack: readonly RouterLayer[] };
}

/** The routes, mounts and middleware of an Express 5 app's router, in order. */
export function servedRoutes(
  app: RouterStackOwner,
  upgradeHandlers: ReadonlyArray<{ name: string }>,
): ServedRoutes {
  const served: ServedRoutes = {
    routes: [],
    mounts: [],
    middleware: [],
    upgradeHandlers: upgradeHandlers.map((handler) => handler.name || '<anonymous>'),
  };
  for (const layer of app.router.stack) {
    if (layer.route) {
      for (const path of pathsOf(layer.route.path)) {
        for (const [method, handled] of Object.entries(layer.route.methods)) {
          if (handled) served.routes.push({ method: method.toUpperCase(), path });
        }
      }
      continue;
    }
    const paths = pathsOf(layer.rawPath);
    if (paths.every((path) => path === '/' || path === '')) {
      served.middleware.push(layer.name);
      continue;
    }
    for (const path of paths) served.mounts.push({ path, handler: layer.name });
  }
  return served;
}

/** A layer's path as strings; a regular expression is shown as its source. */
function pathsOf(raw: unknown): string[] {
  const all = Array.isArray(raw) ? raw.flat(Infinity) : [raw];
  return all.map((path) => (path instanceof RegExp ? `regexp:${path.source}` : String(path ?? '/')));
}
