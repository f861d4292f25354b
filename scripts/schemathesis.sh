#!/usr/bin/env bash
# schemathesis (PyPI) against a platform started as npm start starts it, driven by the OpenAPI document it serves
# at /api/docs/openapi.json: every operation, the stateful links, a bounded number of examples. Checks: no 5xx,
# every status code documented, every response body matching its schema. Installs the pinned version into
# .venv/schemathesis (tools/schemathesis/requirements.txt, pinned) when missing or changed. Settings:
# SCHEMATHESIS_MAX_EXAMPLES, SCHEMATHESIS_PHASES, SCHEMATHESIS_SEED, SCHEMATHESIS_WORKERS, SCHEMATHESIS_CHECKS
# (see tools/src/schemathesis-cli.ts); PYTHON picks the interpreter (default python3, 3.9 or later).
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=tools/schemathesis/requirements.txt
venv=.venv/schemathesis
if ! cmp -s "$requirements" "$venv/installed-requirements.txt"; then
  echo "[schemathesis] installing $(grep '^schemathesis==' "$requirements") into $venv"
  rm -rf "$venv"
  "${PYTHON:-python3}" -m venv "$venv" || {
    echo "python3 -m venv failed: install Python 3.9+ with venv (Debian: apt-get install python3-venv)" >&2
    exit 1
  }
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/installed-requirements.txt"
fi
npx --no-install tsc -b tools
SCHEMATHESIS_BIN="$PWD/$venv/bin/st" PYTHONPATH="$PWD/tools/schemathesis" exec node tools/dist/schemathesis-cli.js
