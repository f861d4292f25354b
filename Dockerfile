# The image of each of the five Express services: one Dockerfile, the service chosen by the build argument
# SERVICE (auth, tickets, orders, expiration or payments). The client has its own (client/Dockerfile).
# Build context: the repository root (npm workspaces share one lockfile):
#   docker build --build-arg SERVICE=auth -t ticketing/auth:1.0.0 .               production (last stage)
#   docker build --build-arg SERVICE=auth --target dev -t ticketing/auth:dev .     skaffold's dev loop
# Stages: base -> build (compile) -> dev (target "dev") | base -> prod-deps -> production (default, last stage).

# Pinned base image (Node 20 LTS, Debian bookworm slim); bump the exact version deliberately, here and in
# client/Dockerfile. A build argument so that a machine without access to the public registry can build on
# a base image of its own (--build-arg NODE_IMAGE=...); everyone else keeps this default.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS base
ARG SERVICE
# Every other stage starts here, so a missing or unknown SERVICE stops the build before anything is copied
# (an empty one would otherwise copy the root package.json and fail much later, obscurely).
RUN case "$SERVICE" in \
      auth|tickets|orders|expiration|payments) ;; \
      *) echo "SERVICE must be one of auth, tickets, orders, expiration, payments (got '$SERVICE')" >&2; exit 1 ;; \
    esac
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Compile the service and the shared library. The root devDependencies (typescript, @types/*) are needed
# here; install scripts are skipped (none of the packages needed to compile requires one).
FROM base AS build
ARG SERVICE
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY common/package.json common/
COPY ${SERVICE}/package.json ${SERVICE}/
RUN npm ci --workspace common --workspace ${SERVICE} --include-workspace-root --ignore-scripts
COPY --chown=node:node common/ common/
COPY --chown=node:node ${SERVICE}/ ${SERVICE}/
COPY infra/docker/dev-watch.js infra/docker/dev-watch.js
RUN chown node:node common ${SERVICE}
USER node
RUN node_modules/.bin/tsc -b ${SERVICE}

# Dev loop: skaffold syncs <service>/src and common/src into /app; tsc --watch recompiles and node --watch
# restarts the service (infra/docker/dev-watch.js, which reads SERVICE: an exec-form CMD cannot expand it).
FROM build AS dev
ARG SERVICE
ENV NODE_ENV=development \
    SERVICE=${SERVICE}
EXPOSE 3000
CMD ["node", "infra/docker/dev-watch.js"]

# Production dependencies only, for the two workspaces the service runs.
FROM base AS prod-deps
ARG SERVICE
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY ${SERVICE}/package.json ${SERVICE}/
RUN npm ci --omit=dev --workspace common --workspace ${SERVICE} --ignore-scripts \
 && mkdir -p common/node_modules ${SERVICE}/node_modules

# Runtime: compiled JavaScript + production dependencies, owned by root and read-only to the node user (the
# root filesystem can be mounted read-only). node is PID 1 and handles SIGTERM itself (graceful drain). The
# working directory is the service's folder because an exec-form CMD cannot name it through SERVICE.
FROM base AS production
ARG SERVICE
ENV NODE_ENV=production
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=prod-deps /app/common/node_modules common/node_modules
COPY --from=prod-deps /app/${SERVICE}/node_modules ${SERVICE}/node_modules
COPY common/package.json common/
COPY ${SERVICE}/package.json ${SERVICE}/
COPY --from=build /app/common/dist common/dist
COPY --from=build /app/${SERVICE}/dist ${SERVICE}/dist
WORKDIR /app/${SERVICE}
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/index.js"]
