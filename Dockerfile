# syntax=docker/dockerfile:1.20
# (1.20 is the first stable Dockerfile frontend with `COPY --parents`, used in the deps stage.)
#
# One recipe for all six Threadline services and the SMS provider simulator. Pick the package
# with build arguments:
#
#   docker build --build-arg SERVICE=profile --build-arg HTTP_PORT=3002 -t threadline/profile .
#
# SERVICE is the directory under services/ (agent-gateway, sms-gateway, profile, interaction,
# routing, timer); HTTP_PORT is that service's port (3000..3005, see docker-compose.yml).
#
# The provider simulator (tools/provider-simulator, for local demos only; see README.md) is
# built the same way, with PACKAGE_DIR naming its directory and HEALTHCHECK_PATH its health
# route:
#
#   docker build --build-arg SERVICE=provider-simulator --build-arg PACKAGE_DIR=tools/provider-simulator \
#     --build-arg HTTP_PORT=3100 --build-arg HEALTHCHECK_PATH=/sim/health -t threadline/provider-simulator .
#
# It reads SIM_* variables, not HTTP_*: run it with SIM_HTTP_HOST=0.0.0.0 to be reachable from
# outside its container.
#
# Stages:
#   base        Node 26 + pnpm (installed with npm at the version pinned in package.json)
#   deps        `pnpm install --frozen-lockfile` from the manifests only; this layer does not
#               depend on SERVICE, so one cached install serves all images
#   build       the sources, `turbo run build` for the package and its workspace dependencies,
#               then `pnpm deploy --prod` into /prod (the package + production node_modules);
#               for agent-gateway also apps/web, whose dist/ goes to /prod/web
#   production  /prod on a clean Node 26 image, run as the unprivileged `node` user

# Pinned Node 26 LTS base, shared by the build and the runtime stages. The version is the one in
# .nvmrc, which `npm start` and CI run on (a test fails when the two disagree).
ARG NODE_IMAGE=node:26.12.1-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV TURBO_TELEMETRY_DISABLED=1 \
    CI=true
WORKDIR /repo
# Node 25 and later ship without corepack: pnpm is installed with npm at the version that
# "packageManager": "pnpm@<version>" in package.json names, so it is pinned in exactly one place.
COPY package.json ./
RUN npm install --global --no-audit --no-fund "$(node -p "require('./package.json').packageManager")" \
 && pnpm --version

FROM base AS deps
# Only the lockfile, workspace settings and every workspace package's package.json: source
# edits do not invalidate the install layer, only dependency changes do.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY --parents packages/*/package.json services/*/package.json tools/*/package.json apps/*/package.json ./
RUN --mount=type=cache,id=threadline-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store

FROM deps AS build
ARG SERVICE
# The package's directory; services/$SERVICE when not given.
ARG PACKAGE_DIR
COPY . .
# The directory must hold the package @threadline/$SERVICE: the filters below select it by name.
RUN dir="${PACKAGE_DIR:-services/$SERVICE}"; \
    name="$(node -p "require('./$dir/package.json').name" 2>/dev/null)"; \
    if [ -z "$SERVICE" ] || [ "$name" != "@threadline/$SERVICE" ]; then \
      echo "No package @threadline/$SERVICE in $dir." >&2; \
      echo "Build with --build-arg SERVICE=<name>, one of: $(ls services | tr '\n' ' ')" >&2; \
      echo "or with --build-arg SERVICE=provider-simulator --build-arg PACKAGE_DIR=tools/provider-simulator" >&2; \
      exit 1; \
    fi
# `...` builds the package and every workspace package it depends on (contracts, platform).
# agent-gateway also serves the agent workspace at /app/ (apps/web), so its image builds that too.
RUN pnpm turbo run build --filter "@threadline/${SERVICE}..." \
      $([ "$SERVICE" = agent-gateway ] && echo '--filter @threadline/web')
# pnpm 10 only deploys from workspaces with inject-workspace-packages=true unless `--legacy`
# is given. Turning injection on would change how every workspace package is linked in
# development and would be recorded in pnpm-lock.yaml, so the image uses `--legacy`: it copies
# the package (with its built dist/) to /prod and installs its production dependencies there,
# with the workspace packages it uses copied in (not symlinked) under node_modules.
# The check afterwards wants dist/main.js and every `node dist/<file>.js` that the package's
# scripts run (the services' migrate.js, the seed.js of those that have one), and the workspace
# packages it depends on.
RUN --mount=type=cache,id=threadline-pnpm-store,target=/pnpm/store \
    pnpm deploy --legacy --filter "@threadline/${SERVICE}" --prod --store-dir /pnpm/store /prod \
 && find /prod -name .turbo -type d -prune -exec rm -rf {} + \
 && cd /prod && node -e " \
      const pkg = require('./package.json'); \
      const scripts = Object.values(pkg.scripts ?? {}).map((script) => script.split(' ')); \
      const entries = scripts.filter((w) => w.length === 2 && w[0] === 'node').map((w) => w[1]); \
      const missing = [...new Set(['dist/main.js', ...entries])] \
        .filter((file) => !require('node:fs').existsSync(file)); \
      if (missing.length > 0) throw new Error('missing from /prod: ' + missing.join(', ')); \
      const deps = Object.keys(pkg.dependencies ?? {}) \
        .filter((name) => name.startsWith('@threadline/')); \
      for (const name of deps) require.resolve(name); \
      console.log('workspace dependencies resolvable from /prod:', deps.join(', ') || 'none');"
# The agent workspace's static files go beside agent-gateway's code, where WEB_APP_DIR points.
RUN if [ "$SERVICE" = agent-gateway ]; then \
      test -f apps/web/dist/index.html && cp -R apps/web/dist /prod/web; \
    fi

FROM ${NODE_IMAGE} AS production
ARG SERVICE
ARG HTTP_PORT=3000
# The route the HEALTHCHECK requests: /healthz on the services, /sim/health on the simulator.
ARG HEALTHCHECK_PATH=/healthz
LABEL org.opencontainers.image.title="threadline-${SERVICE}" \
      org.opencontainers.image.description="Threadline ${SERVICE} service"
# WEB_APP_DIR is read by agent-gateway only (the agent workspace it serves at /app/, copied to
# /app/web in the build stage); the other images have no such directory and ignore the variable.
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=${HTTP_PORT} \
    HEALTHCHECK_PATH=${HEALTHCHECK_PATH} \
    WEB_APP_DIR=/app/web
WORKDIR /app
# Owned by root and not writable by the runtime user: the service cannot modify its own code.
COPY --from=build /prod /app
# Where the gateways keep media with MEDIA_STORAGE=local (docs/mms.md): a volume mounted here
# takes this directory's owner, so the runtime user can write to it.
RUN mkdir -p /var/lib/threadline/media && chown node:node /var/lib/threadline/media
USER node
EXPOSE ${HTTP_PORT}
# The slim image has no curl/wget; Node's fetch does the check.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || '3000') + (process.env.HEALTHCHECK_PATH || '/healthz'), { signal: AbortSignal.timeout(3000) }).then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
