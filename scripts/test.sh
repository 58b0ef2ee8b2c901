#!/usr/bin/env bash
# Sets everything up, then runs every check: lint, typecheck (the engine with no Node/DOM types),
# unit and server tests, then the end-to-end specs against the built studio in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "› lint"
pnpm lint
echo "› typecheck"
pnpm typecheck
echo "› unit and server tests"
pnpm test:unit

if compgen -G "e2e/**/*.spec.ts" >/dev/null || compgen -G "e2e/*.spec.ts" >/dev/null; then
  if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    echo "› installing Chromium (Debian's package)"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
  fi
  echo "› building the web studio"
  pnpm --filter @triggerflow/web build
  echo "› end-to-end (Playwright, Chromium)"
  pnpm exec playwright test
fi
