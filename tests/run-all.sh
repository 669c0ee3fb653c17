#!/usr/bin/env bash
# Runs every Stevedore test on this machine, from nothing: installs what is missing (Debian packages, Compose v2,
# npm packages), starts the test bench (a private Docker engine and three registries), type-checks, lints, builds,
# runs the unit, renderer, shell, integration and end-to-end suites on the Node that the pinned Electron embeds, prints
# their counts and that Node, and always tears the bench down.
# Needs root on Debian 12 (it installs packages and starts dockerd). See tests/env/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Installing what the tests need"
bash tests/env/install.sh
if ! npm ls --depth=0 >/dev/null 2>&1; then
  npm ci --no-audit --no-fund
fi

step "Finding the Node that Electron embeds"
# Users run main/ on the Node inside Electron, not on this machine's: the suites run on a Node of that major,
# fetched from the npm registry when this machine's differs (tests/env/electron-node.ts explains how).
SUITE_NODE=$(node --import tsx tests/env/electron-node.ts)

step "Type-checking, linting and building"
npm run --silent typecheck
npm run --silent lint
npm run --silent build

step "Starting the test bench"
trap 'step "Stopping the test bench"; bash tests/env/down.sh' EXIT
bash tests/env/up.sh

rm -rf test-results && mkdir -p test-results
status=0
for suite in unit renderer shell packaging integration e2e; do
  step "Suite: $suite"
  "$SUITE_NODE" --version >"test-results/$suite.node"
  # On PATH too, so any `node` a test starts is the same one.
  PATH="$(dirname "$SUITE_NODE"):$PATH" "$SUITE_NODE" node_modules/vitest/vitest.mjs run --project "$suite" \
    --reporter=default --reporter=json --outputFile="test-results/$suite.json" || status=1
done

step "Summary"
node tests/summarize.mjs test-results unit renderer shell packaging integration e2e || status=1
exit "$status"
