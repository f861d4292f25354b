#!/usr/bin/env bash
# npm run bench [-- name ...]: builds the workspace, then runs the benchmarks (all, or the named ones: bus, database, browse,
# flash-sale, pipeline, expiration, lifecycle, signin, profile, reference). Each starts its own platform on free ports; tables
# go to stdout and JSON to bench/results/<name>.json. BENCH_SKIP_BOOTSTRAP=1 skips the install and build step.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_SKIP_BOOTSTRAP:-}" != 1 ]; then
  bash scripts/bootstrap.sh
fi
# Every benchmark starts its own dependencies: never reuse servers the environment points at.
unset MONGO_URI NATS_STREAMING_URL NATS_JETSTREAM_URL REDIS_URL STRIPE_MOCK_URL
export LOG_LEVEL="${LOG_LEVEL:-warn}"
exec node -r @swc-node/register bench/src/run-all.ts "$@"
