#!/usr/bin/env bash
# Installs the npm workspace (when the lockfile changed) and builds every TypeScript project.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.ticketing-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "[bootstrap] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
echo "[bootstrap] tsc -b"
npx --no-install tsc -b
