#!/usr/bin/env bash
# `npm test`: types, lint (the layout's dependency rule, size limits) and format, unit and integration tests against a real PostgreSQL, then the end-to-end suite
# in a real Chromium against a real `npm start`. Each stage stops the run on failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NEXT_TELEMETRY_DISABLED=1
CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)"
export CHROMIUM_PATH
echo "== types"
node_modules/.bin/tsc --noEmit -p .
echo "== lint and format"
node_modules/.bin/eslint --max-warnings 0 .
node_modules/.bin/prettier --check --log-level warn .
echo "== web build"
node --import tsx scripts/build.ts
echo "== unit and integration tests"
node_modules/.bin/vitest run
echo "== end-to-end tests (Chromium: $CHROMIUM_PATH)"
node_modules/.bin/playwright test
