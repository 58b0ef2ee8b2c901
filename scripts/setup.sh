#!/usr/bin/env bash
# Idempotent set-up for a machine that has only Node 20 and npm: pnpm, then the workspace's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null)" != "12.21.0" ]; then
  echo "› installing pnpm 12.21.0"
  npm i -g pnpm@12.21.0 >/dev/null
fi

# better-sqlite3 (server) builds from source here; node-gyp must use the local Node headers.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"

echo "› installing dependencies"
if [ -n "${CI:-}" ]; then
  pnpm install --frozen-lockfile
else
  pnpm install --prefer-offline
fi
