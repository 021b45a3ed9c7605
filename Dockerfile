# syntax=docker/dockerfile:1.20
# (1.20 is the first stable Dockerfile frontend with `COPY --parents`, used in the deps stage.)
#
# One recipe for all six Threadline services. Pick the service with build arguments:
#
#   docker build --build-arg SERVICE=profile --build-arg HTTP_PORT=3002 -t threadline/profile .
#
# SERVICE is the directory under services/ (agent-gateway, sms-gateway, profile, interaction,
# routing, timer); HTTP_PORT is that service's port (3000..3005, see docker-compose.yml).
#
# Stages:
#   base        Node 22 + pnpm (through corepack, at the version pinned in package.json)
#   deps        `pnpm install --frozen-lockfile` from the manifests only; this layer does not
#               depend on SERVICE, so one cached install serves all six images
#   build       the sources, `turbo run build` for the service and its workspace dependencies,
#               then `pnpm deploy --prod` into /prod (the service + production node_modules)
#   production  /prod on a clean Node 22 image, run as the unprivileged `node` user

# Pinned Node 22 LTS base, shared by the build and the runtime stages.
ARG NODE_IMAGE=node:22.22.0-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
    TURBO_TELEMETRY_DISABLED=1 \
    CI=true
WORKDIR /repo
# corepack reads "packageManager": "pnpm@<version>" from package.json, so the pnpm version is
# pinned in exactly one place.
COPY package.json ./
RUN corepack enable pnpm && corepack install && pnpm --version

FROM base AS deps
# Only the lockfile, workspace settings and every workspace package's package.json: source
# edits do not invalidate the install layer, only dependency changes do.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY --parents packages/*/package.json services/*/package.json tools/*/package.json ./
RUN --mount=type=cache,id=threadline-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store

FROM deps AS build
ARG SERVICE
COPY . .
RUN if [ -z "$SERVICE" ] || [ ! -f "services/$SERVICE/package.json" ]; then \
      echo "Build with --build-arg SERVICE=<name>, one of: $(ls services | tr '\n' ' ')" >&2; \
      exit 1; \
    fi
# `...` builds the service and every workspace package it depends on (contracts, platform).
RUN pnpm turbo run build --filter "@threadline/${SERVICE}..."
# pnpm 10 only deploys from workspaces with inject-workspace-packages=true unless `--legacy`
# is given. Turning injection on would change how every workspace package is linked in
# development and would be recorded in pnpm-lock.yaml, so the image uses `--legacy`: it copies
# the service (with its built dist/) to /prod and installs its production dependencies there,
# with the workspace packages it uses copied in (not symlinked) under node_modules.
RUN --mount=type=cache,id=threadline-pnpm-store,target=/pnpm/store \
    pnpm deploy --legacy --filter "@threadline/${SERVICE}" --prod --store-dir /pnpm/store /prod \
 && find /prod -name .turbo -type d -prune -exec rm -rf {} + \
 && test -f /prod/dist/main.js && test -f /prod/dist/migrate.js \
 && cd /prod && node -e " \
      const deps = Object.keys(require('./package.json').dependencies ?? {}) \
        .filter((name) => name.startsWith('@threadline/')); \
      for (const name of deps) require.resolve(name); \
      console.log('workspace dependencies resolvable from /prod:', deps.join(', ') || 'none');"

FROM ${NODE_IMAGE} AS production
ARG SERVICE
ARG HTTP_PORT=3000
LABEL org.opencontainers.image.title="threadline-${SERVICE}" \
      org.opencontainers.image.description="Threadline ${SERVICE} service"
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=${HTTP_PORT}
WORKDIR /app
# Owned by root and not writable by the runtime user: the service cannot modify its own code.
COPY --from=build /prod /app
USER node
EXPOSE ${HTTP_PORT}
# The slim image has no curl/wget; Node 22's fetch does the check.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || '3000') + '/healthz', { signal: AbortSignal.timeout(3000) }).then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
