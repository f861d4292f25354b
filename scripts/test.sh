#!/usr/bin/env bash
# npm test: every check and every test, each doing its own set-up on a fresh machine.
#   1. install and build (npm ci, tsc -b, next build)
#   2. lint, formatting and type checks (sources and tests), actionlint over the CI workflows
#   3. unit and component suites of common, tools (the gateway), the five services, the simulation of the event
#      pipeline, infra and the client, with the real dependencies (mongod or the mongo-java-server stand-in, NATS
#      Streaming, NATS JetStream, Redis, stripe-mock) started once for all of them (each suite's jest global setup
#      sees their variables and reuses them)
#   4. system tests over whole platforms started as npm start starts them; schemathesis over such a platform,
#      driven by the OpenAPI document it serves (scripts/schemathesis.sh); then the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
results=$(mktemp -d "${TMPDIR:-/tmp}/ticketing-results.XXXXXX")
trap 'rm -rf "$results"' EXIT

step() { printf '\n=== %s (%ss)\n' "$1" "$(($(date +%s) - started))"; }

step "install and build"
bash scripts/bootstrap.sh
bash scripts/build-client.sh

step "lint and type checks"
npx --no-install eslint .
npx --no-install prettier --check . > /dev/null
npx --no-install tsc -p tsconfig.tests.json
npx --no-install tsc -p infra/tsconfig.json
npx --no-install tsc -p e2e/tsconfig.json
(cd client && npx --no-install tsc --noEmit)
node tools/dist/lint-workflows.js

status=0
step "unit and component suites (real dependencies)"
scripts/with-deps.sh npx --no-install jest --ci \
  --projects common tools auth tickets orders expiration payments simulation infra client \
  --json --outputFile="$results/suites.json" || status=1

step "system tests (whole platforms, both transports)"
npx --no-install jest --ci -c e2e/jest.config.js \
  --json --outputFile="$results/e2e.json" || status=1

# Counted as one test in the summary; its own line there gives the operations and test cases.
step "API fuzzing (schemathesis over a platform, from the OpenAPI document)"
SCHEMATHESIS_SUMMARY="$results/schemathesis.json" bash scripts/schemathesis.sh || status=1

# The platform starts its own servers; the suite's global setup finds Chromium.
step "browser tests (Chromium over the platform)"
npx --no-install jest --ci -c e2e/browser/jest.config.js \
  --json --outputFile="$results/browser.json" || status=1

step "summary"
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, suitesFailed = 0;
  const [fuzzing, ...suites] = process.argv.slice(1);
  if (fs.existsSync(fuzzing)) {
    const r = JSON.parse(fs.readFileSync(fuzzing, "utf8"));
    if (r.code === 0) passed += 1; else failed += 1;
    console.log(`schemathesis: ${r.operations} operations, ${r.cases} test cases, ${r.failed} operations failed (${r.seconds} s)`);
  } else { failed += 1; console.log("schemathesis: no results (the run did not finish)"); }
  for (const file of suites) {
    if (!fs.existsSync(file)) { suitesFailed += 1; console.log(`${file}: no results (the run did not finish)`); continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; suitesFailed += r.numFailedTestSuites;
    console.log(`${require("path").basename(file, ".json")}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numFailedTestSuites} failed suites`);
  }
  if (suitesFailed > 0 && failed === 0) failed = suitesFailed;
  console.log(`${passed} passed, ${failed} failed`);
' "$results/schemathesis.json" "$results/suites.json" "$results/e2e.json" "$results/browser.json"
echo "npm test took $(($(date +%s) - started)) s"
exit $status
