#!/usr/bin/env bash
# Sets everything up, then runs every check: lint, typecheck (the engine with no Node/DOM types), unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "› lint"
pnpm lint
echo "› typecheck"
pnpm typecheck
echo "› unit tests"
pnpm test:unit
