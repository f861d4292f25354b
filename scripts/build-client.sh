#!/usr/bin/env bash
# Builds the Next.js client for production when its sources changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/../client"
[ -f package.json ] && [ -d app ] || exit 0
stamp=.next/BUILD_ID
if [ -f "$stamp" ] && [ -z "$(find app components lib public next.config.ts instrumentation.ts proxy.ts tsconfig.json package.json -newer "$stamp" 2>/dev/null | head -1)" ]; then
  exit 0
fi
echo "[bootstrap] next build (client)"
npx --no-install next build > /tmp/ticketing-client-build.log 2>&1 || { tail -40 /tmp/ticketing-client-build.log; exit 1; }
