#!/usr/bin/env bash
# The local single-node Apache Kafka broker (KRaft) on 127.0.0.1:9092, run on the JVM from the jars
# that infra/kafka/pom.xml resolves from Maven Central (no Docker needed).
#   kafka.sh install | start | stop | status | wait [seconds] | reset
# install  resolves the jars into infra/kafka/target/dependency once (idempotent, quiet)
# start    installs if needed, formats .local/kafka/data on first use, starts the broker in the
#          background and waits until it answers; does nothing when a broker already answers
# stop     SIGTERM, then SIGKILL after 30 s; `start` afterwards brings the same data back
# wait     blocks until the broker answers a real Kafka request (default 60 s)
# reset    stop and delete the broker's data
# cluster-id  prints a new cluster id, as `start` formats the storage with
# KAFKA_BROKERS naming another broker than 127.0.0.1:$KAFKA_PORT means an external broker: start and
# stop leave it alone and only wait for it. KAFKA_PORT (default 9092) runs a second local broker on
# another port (controller on KAFKA_PORT+1, state in .local/kafka-<port>).
#
#   kafka.sh start-sasl | stop-sasl | status-sasl | reset-sasl | env-sasl <user>
# the same for a second, separate broker with authentication and authorization, as in production:
# SASL_SSL only (SCRAM-SHA-512 over TLS, a CA and certificate of its own in .local/kafka-sasl/tls),
# a user per service (and `admin`) with a random password in .local/kafka-sasl/users/<name>, and
# each service's topics and ACLs from infra/kafka/acls.json (scripts/kafka-acls.js), applied at
# every start. On 127.0.0.1:19094 (KAFKA_SASL_PORT; controller on the next port, on loopback).
# env-sasl prints the settings a service (or `admin`) connects with. A user the declaration gains
# later needs reset-sasl (users are created when the storage is formatted).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JARS="$ROOT/infra/kafka/target/dependency"
COMMAND=${1:-}
SASL=false
case "$COMMAND" in *-sasl) SASL=true; COMMAND=${COMMAND%-sasl} ;; esac
if $SASL; then
  PORT=${KAFKA_SASL_PORT:-19094}
  if [ "$PORT" = 19094 ]; then STATE="$ROOT/.local/kafka-sasl"; else STATE="$ROOT/.local/kafka-sasl-$PORT"; fi
else
  PORT=${KAFKA_PORT:-9092}
  if [ "$PORT" = 9092 ]; then STATE="$ROOT/.local/kafka"; else STATE="$ROOT/.local/kafka-$PORT"; fi
fi
CONTROLLER_PORT=$((PORT + 1))
TLS_DIR="$STATE/tls"
USERS_DIR="$STATE/users"
DATA="$STATE/data"
PROPS="$STATE/server.properties"
PIDFILE="$STATE/kafka.pid"
LOG="$STATE/kafka.log"
STOPPED="$STATE/stopped.cmdline"
LOCAL_BROKERS=127.0.0.1:$PORT
BROKERS=${KAFKA_BROKERS:-$LOCAL_BROKERS}
# The SASL broker is always this checkout's own.
if $SASL; then BROKERS=$LOCAL_BROKERS; fi
SECURITY_SETTINGS=(KAFKA_SASL_MECHANISM KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD KAFKA_SASL_PASSWORD_FILE KAFKA_TLS KAFKA_TLS_CA_FILE KAFKA_TLS_SERVERNAME)

# The settings a client of the SASL broker connects with as <user> (a service, or admin).
sasl_env() {
  echo "KAFKA_BROKERS=$LOCAL_BROKERS"
  echo "KAFKA_TLS=true"
  echo "KAFKA_TLS_CA_FILE=$TLS_DIR/ca.crt"
  echo "KAFKA_SASL_MECHANISM=scram-sha-512"
  echo "KAFKA_SASL_USERNAME=$1"
  echo "KAFKA_SASL_PASSWORD_FILE=$USERS_DIR/$1"
}

# Runs a node script as a client of this broker: the admin of the SASL broker, or no security at all
# for the plain one (whatever KAFKA_SASL_* the caller's shell holds are for something else).
as_client() {
  local unset_args=() name
  for name in "${SECURITY_SETTINGS[@]}"; do unset_args+=(-u "$name"); done
  if $SASL; then
    env "${unset_args[@]}" $(sasl_env admin) "$@"
  else
    env "${unset_args[@]}" KAFKA_BROKERS="$BROKERS" "$@"
  fi
}

external() { [ "$BROKERS" != "$LOCAL_BROKERS" ]; }

port_open() { (exec 3<>"/dev/tcp/${1%%:*}/${1##*:}") 2>/dev/null; }

# A real Kafka request (kafkajs describeCluster) once node_modules is installed; before `npm ci`
# an open port has to do.
ready() {
  port_open "${BROKERS%%,*}" || return 1
  if [ -d "$ROOT/node_modules/kafkajs" ]; then
    as_client node "$ROOT/scripts/kafka-ready.js" 2>/dev/null
  fi
}

# The broker this checkout started (pid file, or its properties file on a command line), or else the
# local broker listening on the port (e.g. one started from another checkout of the project), so
# that outage tests stop whichever is running.
is_broker() { [ -n "$1" ] && tr '\0' '\n' 2>/dev/null <"/proc/$1/cmdline" | grep -qx 'kafka\.Kafka'; }
running_pid() {
  local pid=""
  [ -f "$PIDFILE" ] && pid=$(cat "$PIDFILE")
  if is_broker "$pid"; then echo "$pid"; return; fi
  pid=$(pgrep -f -- "kafka\.Kafka $PROPS\$" 2>/dev/null | head -1 || true)
  if is_broker "$pid"; then echo "$pid"; return; fi
  pid=$(ss -ltnpH "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
  if is_broker "$pid"; then echo "$pid"; fi
}

# Serialises start, stop and reset of one state folder (two test runs starting Kafka at once).
# The broker itself must not inherit the lock's descriptor: it is closed with 9>&- below.
lock() {
  mkdir -p "$STATE"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$STATE/lock"
    flock -w 180 9 || { echo "kafka: another kafka.sh holds $STATE/lock" >&2; exit 1; }
  fi
}

install() {
  if ls "$JARS"/kafka_2.13-*.jar >/dev/null 2>&1; then return; fi
  echo "kafka: resolving the broker from Maven Central..."
  # Into a side folder first, renamed when complete: an interrupted copy is never taken as installed.
  local out partial="$JARS.partial"
  out=$(mktemp)
  rm -rf "$partial"
  if ! mvn -q -B -f "$ROOT/infra/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$partial" >"$out" 2>&1; then
    cat "$out" >&2
    rm -f "$out"
    echo "kafka: could not resolve the broker's jars (infra/kafka/pom.xml)" >&2
    return 1
  fi
  rm -f "$out"
  rm -rf "$JARS"
  mv "$partial" "$JARS"
  echo "kafka: $(ls "$JARS" | wc -l) jars in ${JARS#"$ROOT"/}"
}

# Waits up to $1 seconds; with a pid as $2, gives up as soon as that process has died.
wait_ready() {
  local seconds=${1:-60} pid=${2:-}
  local deadline=$((SECONDS + seconds + 1)) # SECONDS counts whole seconds: wait at least N
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ready; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "kafka: the broker (pid $pid) exited during start-up; the end of $LOG:" >&2
      tail -30 "$LOG" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.3
  done
  echo "kafka: no broker answered at $BROKERS within ${seconds}s" >&2
  if [ -f "$LOG" ] && ! external; then tail -20 "$LOG" >&2; fi
  return 1
}

# base64url of 16 random bytes: the form of a Kafka cluster id (what `StorageTool random-uuid` prints).
# Never one starting with '-', as Kafka's own never does: the format command would read it as an option.
cluster_id() {
  local id
  while id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n') && [[ $id == -* ]]; do :; done
  echo "$id"
}

# The command line of the broker `stop` stopped (it may belong to another checkout), into ARGS and
# CWD, while its java, its jars and its properties file are all still there; consumed once.
stopped_cmdline() {
  [ -f "$STOPPED" ] && [ -f "$STOPPED.cwd" ] || return 1
  mapfile -d '' ARGS <"$STOPPED"
  CWD=$(cat "$STOPPED.cwd")
  rm -f "$STOPPED" "$STOPPED.cwd"
  [ "${#ARGS[@]}" -gt 2 ] && [ -d "$CWD" ] && [ -f "${ARGS[-1]}" ] && command -v "${ARGS[0]}" >/dev/null 2>&1 || return 1
  local cp="" i
  for ((i = 0; i < ${#ARGS[@]} - 1; i++)); do [ "${ARGS[$i]}" = -cp ] && cp=${ARGS[$((i + 1))]}; done
  [ -n "$cp" ] && [ -d "${cp%/\*}" ]
}

# The plain broker's properties: server.properties on this port; formats its storage the first time.
start_plain_config() {
  local log4j=$1 classpath=$2
  sed -e "s/127\.0\.0\.1:9092/127.0.0.1:$PORT/g" -e "s/127\.0\.0\.1:9093/127.0.0.1:$CONTROLLER_PORT/g" \
    "$ROOT/infra/kafka/server.properties" >"$PROPS.tmp"
  echo "log.dirs=$DATA" >>"$PROPS.tmp"
  mv "$PROPS.tmp" "$PROPS"
  if [ ! -f "$DATA/meta.properties" ]; then
    java "$log4j" -cp "$classpath" kafka.tools.StorageTool format -t "$(cluster_id)" -c "$PROPS" >"$LOG" 2>&1 ||
      { cat "$LOG" >&2; return 1; }
  fi
}

random_password() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }

# The SASL broker's certificate, users and properties (server.properties without its listeners,
# plus infra/kafka/sasl/server-sasl.properties); formats its storage with every user's SCRAM
# credentials the first time.
prepare_sasl() {
  local log4j=$1 classpath=$2 users name scram=()
  bash "$ROOT/infra/kafka/sasl/certs.sh" "$TLS_DIR" >/dev/null
  users=$(node -p "require('$ROOT/infra/kafka/acls.json').users.map((u) => u.name).join(' ')")
  mkdir -p "$USERS_DIR"
  chmod 700 "$USERS_DIR"
  for name in admin controller $users; do
    [ -s "$USERS_DIR/$name" ] || (umask 077 && random_password >"$USERS_DIR/$name")
  done
  grep -v -E '^(listeners|advertised\.listeners|listener\.security\.protocol\.map|inter\.broker\.listener\.name|controller\.listener\.names)=' \
    "$ROOT/infra/kafka/server.properties" | sed -e "s/127\.0\.0\.1:9093/127.0.0.1:$CONTROLLER_PORT/g" >"$PROPS.tmp"
  sed -e "s|@BIND@|127.0.0.1|g" -e "s|@ADVERTISED_HOST@|127.0.0.1|g" -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@TLS_DIR@|$TLS_DIR|g" \
    -e "s|@STORE_PASSWORD@|$(cat "$TLS_DIR/store-password")|g" -e "s|@ADMIN_PASSWORD@|$(cat "$USERS_DIR/admin")|g" \
    -e "s|@CONTROLLER_PASSWORD@|$(cat "$USERS_DIR/controller")|g" "$ROOT/infra/kafka/sasl/server-sasl.properties" >>"$PROPS.tmp"
  echo "log.dirs=$DATA" >>"$PROPS.tmp"
  (umask 077 && mv "$PROPS.tmp" "$PROPS")
  if [ ! -f "$DATA/meta.properties" ]; then
    for name in admin $users; do scram+=(--add-scram "SCRAM-SHA-512=[name=$name,password=$(cat "$USERS_DIR/$name")]"); done
    java "$log4j" -cp "$classpath" kafka.tools.StorageTool format -t "$(cluster_id)" -c "$PROPS" "${scram[@]}" >"$LOG" 2>&1 ||
      { cat "$LOG" >&2; return 1; }
  fi
}

# Every topic and each service's ACLs (scripts/kafka-acls.js, as admin).
apply_acls() {
  as_client node "$ROOT/scripts/kafka-acls.js" "$ROOT/infra/kafka/acls.json"
}

start() {
  if ready; then echo "kafka: running at $BROKERS"; if $SASL; then apply_acls; fi; return; fi
  if external; then wait_ready 60; return; fi
  lock
  if ready; then echo "kafka: running at $BROKERS"; return; fi
  local pid
  pid=$(running_pid)
  if [ -n "$pid" ]; then
    # A broker process that does not answer yet (still starting, or recovering its logs).
    wait_ready 90 "$pid"
    echo "kafka: running at $BROKERS (pid $pid)"
    return
  fi
  if stopped_cmdline; then
    # Restart the very broker `stop` stopped, with its own data.
    (cd "$CWD" && exec nohup "${ARGS[@]}" >>"$LOG" 2>&1 </dev/null 9>&-) &
    echo $! >"$PIDFILE"
    wait_ready 90 "$!"
    echo "kafka: restarted at $BROKERS (pid $(cat "$PIDFILE"))"
    if $SASL; then apply_acls; fi
    return
  fi
  install
  local classpath="$JARS/*"
  local log4j="-Dlog4j.configuration=file:$ROOT/infra/kafka/log4j.properties"
  if $SASL; then
    prepare_sasl "$log4j" "$classpath"
  else
    start_plain_config "$log4j" "$classpath"
  fi
  (exec nohup java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true "$log4j" -cp "$classpath" kafka.Kafka "$PROPS" \
    >>"$LOG" 2>&1 </dev/null 9>&-) &
  echo $! >"$PIDFILE"
  wait_ready 90 "$!"
  echo "kafka: started at $BROKERS (pid $(cat "$PIDFILE"), log ${LOG#"$ROOT"/})"
  if $SASL; then apply_acls; fi
}

stop() {
  if external; then return; fi
  lock
  local pid
  pid=$(running_pid)
  if [ -z "$pid" ]; then rm -f "$PIDFILE"; echo "kafka: not running"; return; fi
  cp "/proc/$pid/cmdline" "$STOPPED" && readlink "/proc/$pid/cwd" >"$STOPPED.cwd" || true
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "kafka: no exit 30 s after SIGTERM; killing pid $pid" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDFILE"
  echo "kafka: stopped"
}

status() {
  if ready; then echo "kafka: running at $BROKERS"; else echo "kafka: not answering at $BROKERS"; return 1; fi
}

case "$COMMAND" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  wait) wait_ready "${2:-60}" ;;
  cluster-id) cluster_id ;;
  reset) stop; rm -rf "$DATA" "$STOPPED" "$STOPPED.cwd"; if $SASL; then rm -rf "$USERS_DIR" "$TLS_DIR" "$PROPS"; fi; echo "kafka: data removed" ;;
  env)
    $SASL && [ -n "${2:-}" ] || { echo "usage: $0 env-sasl <user>" >&2; exit 2; }
    [ -f "$USERS_DIR/$2" ] || { echo "kafka: no user $2 (start-sasl first; users: $(ls "$USERS_DIR" 2>/dev/null | tr '\n' ' '))" >&2; exit 1; }
    sasl_env "$2" ;;
  *) echo "usage: $0 install|start|stop|status|wait [seconds]|reset, or start-sasl|stop-sasl|status-sasl|reset-sasl|env-sasl <user>" >&2; exit 2 ;;
esac
