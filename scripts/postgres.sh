#!/usr/bin/env bash
# Makes PostgreSQL answer on 127.0.0.1:5432 (or the host and port of DATABASE_URL), trust auth:
#   1. a server already answers: nothing to do;
#   2. the machine's own cluster on that port (Debian's pg_ctlcluster): start it;
#   3. PostgreSQL's binaries (initdb, pg_ctl): a cluster of the project's own in .local/postgres;
#   4. apt-get: install Debian's postgresql, then 2 or 3.
# A DATABASE_URL on another host is only waited for. Prints what it did in one line.
#   postgres.sh ensure
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

# postgres://user:password@host:port/db?options -> HOST and PORT
URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
HOSTPORT=${URL#*://}
HOSTPORT=${HOSTPORT%%/*}
HOSTPORT=${HOSTPORT%%\?*}
HOSTPORT=${HOSTPORT##*@}
HOST=${HOSTPORT%:*}
PORT=5432
[ "$HOST" != "$HOSTPORT" ] && PORT=${HOSTPORT##*:}
HOST=${HOST:-127.0.0.1}
if [ "$PORT" = 5432 ]; then OWN="$ROOT/.local/postgres"; else OWN="$ROOT/.local/postgres-$PORT"; fi

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -t 2 -h "$HOST" -p "$PORT"
  else
    (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null
  fi
}

wait_ready() {
  local deadline=$((SECONDS + ${1:-60}))
  while [ "$SECONDS" -lt "$deadline" ]; do
    answers && return 0
    sleep 0.5
  done
  echo "postgres: nothing answers at $HOST:$PORT after ${1:-60}s" >&2
  return 1
}

is_local() { case "$HOST" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

# The machine's Debian cluster listening on $PORT, as "version name", if there is one.
machine_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  pg_lsclusters -h 2>/dev/null | awk -v port="$PORT" '$3 == port { print $1, $2; found = 1; exit } END { exit !found }'
}

start_machine_cluster() {
  local version=$1 name=$2 note=""
  # Loopback connections use trust auth here, as on the project's dev and CI machines.
  local hba="/etc/postgresql/$version/$name/pg_hba.conf"
  if [ -w "$hba" ] && ! grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    note=", trust auth on 127.0.0.1 added to $hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >/dev/null 2>&1 || true
  wait_ready 60
  echo "postgres: started the machine's cluster $version/$name at $HOST:$PORT$note"
}

# The directory of initdb and pg_ctl (the newest version when several are installed).
pg_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user
# (created when missing).
as_owner() {
  if [ "$(id -u)" != 0 ]; then "$@"; return; fi
  if command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
  fi
}

start_own_cluster() {
  local bin=$1 dir=$OWN action="started"
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /bin/sh postgres
  fi
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  chmod 700 "$dir"
  if ! as_owner test -w "$dir"; then
    # The postgres user cannot reach the checkout (a private home folder, say): keep the cluster
    # where it can.
    dir="/var/tmp/mutuals-postgres-$PORT"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale >"$dir.initdb.log" 2>&1 ||
      { cat "$dir.initdb.log" >&2; return 1; }
    action="created and started"
  fi
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 -o \
    "-c listen_addresses=$HOST -p $PORT -k /tmp -c max_connections=200 -c synchronous_commit=off" \
    start >/dev/null || { tail -20 "$dir/server.log" >&2; return 1; }
  wait_ready 60
  echo "postgres: $action the project's own cluster in ${dir#"$ROOT"/} at $HOST:$PORT ($("$bin/postgres" -V))"
}

ensure() {
  if answers; then echo "postgres: running at $HOST:$PORT"; return; fi
  if ! is_local; then
    wait_ready 60
    echo "postgres: $HOST:$PORT answers"
    return
  fi
  local cluster bin
  if cluster=$(machine_cluster); then start_machine_cluster $cluster; return; fi
  if bin=$(pg_bindir); then start_own_cluster "$bin"; return; fi
  if command -v apt-get >/dev/null 2>&1; then
    echo "postgres: installing the server from Debian's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null
    if cluster=$(machine_cluster); then start_machine_cluster $cluster; return; fi
    if bin=$(pg_bindir); then start_own_cluster "$bin"; return; fi
  fi
  echo "postgres: no server at $HOST:$PORT and none could be started; install PostgreSQL or set DATABASE_URL" >&2
  exit 1
}

case "${1:-ensure}" in
  ensure) ensure ;;
  *) echo "usage: $0 ensure" >&2; exit 2 ;;
esac
