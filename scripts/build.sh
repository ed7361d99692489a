#!/usr/bin/env bash
# Builds every service that has an entry point (dist/apps/<name>/apps/<name>/src/main.js).
#   build.sh                       every service
#   build.sh --if-stale [name...]  only those (default: every service) whose build is missing or
#                                  older than their sources (apps/<name>/src, libs/*/src but the
#                                  test helpers of libs/testing, which no service imports; tsconfigs)
# Each build leaves dist/apps/<name>/.built, the time the sources were last compiled.
set -euo pipefail
cd "$(dirname "$0")/.."
if_stale=false
if [ "${1:-}" = --if-stale ]; then if_stale=true; shift; fi
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
  for dir in apps/*/; do [ -f "$dir/src/main.ts" ] && names+=("$(basename "$dir")"); done
fi

stale() {
  local stamp="dist/apps/$1/.built"
  [ -f "$stamp" ] && [ -f "dist/apps/$1/apps/$1/src/main.js" ] || return 0
  [ -n "$(find "apps/$1/src" libs/*/src tsconfig.json tsconfig.build.json "apps/$1/tsconfig.app.json" \
    -newer "$stamp" \( -name '*.ts' -o -name '*.json' \) ! -name '*.spec.ts' ! -path 'libs/testing/*' -print -quit)" ]
}

for name in "${names[@]}"; do
  if $if_stale && ! stale "$name"; then continue; fi
  # The stamp is taken before compiling: a source saved during the build makes the next check rebuild.
  started=$(mktemp)
  npx --no-install nest build "$name" >/dev/null
  mv "$started" "dist/apps/$name/.built"
  echo "built $name"
done
