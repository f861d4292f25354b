#!/usr/bin/env bash
# npm run chaos -- [--seed S] [--transport stan|jetstream] [--long] [--profile db-outage|bounded|full|long]:
# the fault schedule on the real servers (e2e/src/chaos), on both transports unless one is named. Builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then bash scripts/bootstrap.sh; else npx --no-install tsc -b; fi
# Every run starts its own servers: never reuse what the environment points at.
unset MONGO_URI NATS_STREAMING_URL NATS_JETSTREAM_URL REDIS_URL STRIPE_MOCK_URL
exec node -r @swc-node/register e2e/src/chaos/cli.ts "$@"
