#!/usr/bin/env bash
# `npm run console:screenshots`: runs the console's browser test (real headless Chromium, the
# platform on real Kafka, Postgres and Redis) and copies its screenshots into docs/console for the
# README. Needs the infrastructure (bash infra/up.sh) and chromium (bash infra/tools.sh chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash infra/up.sh >/dev/null
bash infra/tools.sh chromium >/dev/null
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning" npx jest --selectProjects e2e --testPathPattern 'test/e2e/console' >/dev/null
mkdir -p docs/console
for page in sign-in overview leaderboard leaderboard-phone user analytics packs dead-letters access widget; do
  cp ".test-results/console-$page.png" "docs/console/$page.png"
done
echo "docs/console: $(ls docs/console | tr '\n' ' ')"
