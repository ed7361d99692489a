#!/usr/bin/env bash
# npm run chaos [-- --short]: PostgreSQL answering, the four services built, then the chaos run
# (which starts and stops its own Kafka broker on 127.0.0.1:19092).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/postgres.sh ensure >/dev/null
bash scripts/kafka.sh install >/dev/null
for service in applications intake awards notifications; do npx --no-install nest build "$service" >/dev/null; done
exec node chaos/run.js "$@"
