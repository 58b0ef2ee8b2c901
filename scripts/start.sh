#!/usr/bin/env bash
# Sets everything up, then starts the studio's server (the tRPC API) on the embedded SQLite under
# ./data, or on DATABASE_URL when set. The web studio comes later.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The server runs in apps/server; keep the default database in the repository's ./data.
export DATABASE_URL="${DATABASE_URL:-sqlite:$(pwd)/data/studio.db}"
exec pnpm --filter @triggerflow/server start
