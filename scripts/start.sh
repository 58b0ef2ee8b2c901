#!/usr/bin/env bash
# Sets everything up, builds the web studio, then starts the server (the tRPC API, serving the
# studio from apps/web/dist) on the embedded SQLite under ./data, or on DATABASE_URL when set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "› building the web studio"
pnpm --filter @triggerflow/web build
# The server runs in apps/server; keep the default database in the repository's ./data.
export DATABASE_URL="${DATABASE_URL:-sqlite:$(pwd)/data/studio.db}"
exec pnpm --filter @triggerflow/server start
