#!/usr/bin/env bash
# Builds every service that has an entry point (dist/apps/<name>/apps/<name>/src/main.js).
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in apps/*/; do
  name=$(basename "$dir")
  [ -f "$dir/src/main.ts" ] || continue
  npx --no-install nest build "$name" >/dev/null
  echo "built $name"
done
