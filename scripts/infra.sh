#!/usr/bin/env bash
# Local infrastructure for development and tests: PostgreSQL and Kafka.
#   infra.sh up     PostgreSQL answering (scripts/postgres.sh ensure), Kafka started and answering
#   infra.sh down   Kafka stopped (PostgreSQL is the machine's server: left alone)
set -euo pipefail
cd "$(dirname "$0")"
case "${1:-up}" in
  up)
    bash postgres.sh ensure
    bash kafka.sh start
    ;;
  down) bash kafka.sh stop ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
