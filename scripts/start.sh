#!/usr/bin/env bash
# Sets everything up, then starts what exists of the studio. Until the server lands this runs the
# orchestration-playbook example on the engine and prints its runtime stream and close snapshot.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec pnpm --filter @triggerflow/engine run example
