#!/usr/bin/env bash
# npm start: installs and builds what is needed, then runs the whole platform on this machine until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/build-client.sh
exec node tools/dist/start-cli.js
