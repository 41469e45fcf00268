#!/usr/bin/env bash
# `npm run openapi:check`: the API contract in docs/openapi.json
#   1. is current (generated from the code: `npm run openapi -- write`),
#   2. passes Redocly lint with zero errors (redocly.yaml: the recommended rules),
#   3. breaks nothing in the last released contract, docs/openapi.released.json (oasdiff, errors
#      fail; a breaking change on purpose means a new major version, or a new released snapshot).
# OPENAPI_DOCUMENT / OPENAPI_RELEASED point 2 and 3 at other files (the seeded-failure tests do).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
doc="${OPENAPI_DOCUMENT:-docs/openapi.json}"
released="${OPENAPI_RELEASED:-docs/openapi.released.json}"
if [ -z "${OPENAPI_DOCUMENT:-}" ]; then npm run --silent openapi -- check; fi
npx --no-install redocly lint "$doc" --format=summary 2>&1 | grep -v '[║╔╚]' | sed '/^\s*$/d'
oasdiff="$(bash infra/tools.sh oasdiff)"
if "$oasdiff" breaking --fail-on ERR "$released" "$doc"; then
  printf 'no breaking change against %s\n' "$released"
else
  printf '\n%s breaks the released contract (%s): keep the old shape (add, do not change or remove), or release a new major version.\n' "$doc" "$released" >&2
  exit 1
fi
