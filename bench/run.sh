#!/usr/bin/env bash
# npm run bench [-- --smoke]: brings up PostgreSQL and Kafka, builds the services, measures.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/infra.sh up >/dev/null
bash scripts/build.sh >/dev/null
exec node bench/bench.js "$@"
