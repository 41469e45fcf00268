#!/usr/bin/env bash
# `npm test`: the one command that runs the whole suite on a fresh machine.
#  1. installs node_modules when missing (npm ci) and generates the Prisma client;
#  2. starts real PostgreSQL, Redis and Kafka on loopback (infra/up.sh: installs only what is missing,
#     quick when already running) unless DATABASE_URL/REDIS_URL/KAFKA_BROKERS point elsewhere;
#  3. lint (with Nx module boundaries), typecheck, the schema registry checks, then the unit,
#     integration, e2e and fault suites. Stops at the first failing step and says which.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export KAFKAJS_NO_PARTITIONER_WARNING=1 NX_DAEMON=false NX_NO_CLOUD=true
# PGlite (embedded Postgres) loads its WASM with a dynamic import(), which jest's VM needs this for.
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
started=$SECONDS
timed() { local t=$SECONDS; "$@"; printf '   (%ss)\n' "$((SECONDS - t))"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"; timed npm ci --no-audit --no-fund
fi
step "prisma generate"; timed npx prisma generate >/dev/null

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ] || [ -z "${KAFKA_BROKERS:-}" ]; then
  step "infrastructure (infra/up.sh)"; timed bash infra/up.sh
fi

# oasdiff (the OpenAPI breaking-change check) is a Go program built once into .infra/bin, and
# chromium (the page tests' browser) comes from apt: both while lint and typecheck run, one after
# the other (apt takes one install at a time).
{ bash infra/tools.sh chromium && bash infra/tools.sh oasdiff; } >/dev/null 2>"${TMPDIR:-/tmp}/questline-tools.log" & oasdiff_build=$!

step "lint";       timed npm run --silent lint
step "typecheck";  timed npm run --silent typecheck
step "event registry: check + compatibility diff"; timed npm run --silent schemas -- check; npm run --silent schemas -- diff
step "OpenAPI: current, Redocly lint, no breaking change (tools/openapi/check.sh)"
wait "$oasdiff_build" || { cat "${TMPDIR:-/tmp}/questline-tools.log" >&2; exit 1; }
timed bash tools/openapi/check.sh
results=.test-results; rm -rf "$results"; mkdir -p "$results"
step "unit";        timed npx jest --selectProjects unit --json --outputFile="$results/unit.json"
step "integration"; timed npx jest --selectProjects integration --runInBand --json --outputFile="$results/integration.json"
step "e2e";         timed npx jest --selectProjects e2e --runInBand --json --outputFile="$results/e2e.json"
step "faults (npm run test:faults)"; timed npx jest --selectProjects faults --runInBand --json --outputFile="$results/faults.json"
printf '\nnpm test: all steps passed in %ss\n' "$((SECONDS - started))"
node tools/test-summary.cjs "$results"
