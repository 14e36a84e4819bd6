#!/usr/bin/env bash
# Runs the Prisma CLI without its engine download (unreachable offline). `generate` never executes the
# engines and migrations run on the bundled WASM engine (prisma.config.ts), so any existing file
# satisfies the CLI's presence check. A machine with internet may set these variables itself.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
placeholder="$here/prisma/schema.prisma"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$placeholder}"
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-$placeholder}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
export CHECKPOINT_DISABLE=1
export NODE_OPTIONS="${NODE_OPTIONS:-} --require $here/scripts/prisma-unref-timers.cjs"
exec "$here/node_modules/.bin/prisma" "$@"
