#!/usr/bin/env bash
# Runs a command with the real dependencies (database, both NATS servers, Redis, stripe-mock) started on free
# ports for it, their URLs in the environment, and stops them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d "${TMPDIR:-/tmp}/ticketing-deps.XXXXXX")
node tools/dist/deps-cli.js --dir "$dir" --env-out "$dir/deps.env" --ports free &
deps_pid=$!
cleanup() {
  kill "$deps_pid" 2>/dev/null && wait "$deps_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
while [ ! -f "$dir/deps.env" ]; do
  if ! kill -0 "$deps_pid" 2>/dev/null; then echo "dependencies failed to start" >&2; exit 1; fi
  sleep 0.5
done
# shellcheck disable=SC1091
source "$dir/deps.env"
"$@"
