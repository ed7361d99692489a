#!/usr/bin/env bash
# docker-compose's Kafka: the apache/kafka image's broker with the same SASL_SSL settings as
# `scripts/kafka.sh start-sasl` (infra/kafka/server.properties without its listeners, plus
# infra/kafka/sasl/server-sasl.properties). Mounted at /opt/mutuals (infra/kafka) and run as the
# container's entrypoint. Reads:
#   SCRAM_USERS                 the services' users (docker-compose.yml; test/deploy checks them
#                               against infra/kafka/acls.json)
#   KAFKA_ADMIN_PASSWORD, KAFKA_CONTROLLER_PASSWORD, KAFKA_<USER>_PASSWORD   their passwords
#   CLUSTER_ID, ADVERTISED_HOST, TLS_DIR (keys made by certs.sh), KAFKA_HOME (default /opt/kafka)
# Formats the storage on first start with every user's SCRAM-SHA-512 credentials, writes the admin
# client settings its health check uses, then runs the broker in the foreground.
set -euo pipefail
CONFIG=${CONFIG_DIR:-/opt/mutuals}
KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
DATA=${DATA_DIR:-/var/lib/kafka/data}
RUN=${RUN_DIR:-/tmp/kafka}
PORT=${PORT:-9094}
CONTROLLER_PORT=${CONTROLLER_PORT:-9093}
: "${CLUSTER_ID:?}" "${ADVERTISED_HOST:?}" "${TLS_DIR:?}" "${SCRAM_USERS:?}" "${KAFKA_ADMIN_PASSWORD:?}" "${KAFKA_CONTROLLER_PASSWORD:?}"
mkdir -p "$RUN"
umask 077
password_of() {
  local var
  var="KAFKA_$(echo "$1" | tr '[:lower:]-' '[:upper:]_')_PASSWORD"
  [ -n "${!var:-}" ] || { echo "compose-broker: $var is not set" >&2; exit 1; }
  printf '%s' "${!var}"
}
PROPS="$RUN/server.properties"
grep -v -E '^(listeners|advertised\.listeners|listener\.security\.protocol\.map|inter\.broker\.listener\.name|controller\.listener\.names|controller\.quorum\.voters)=' \
  "$CONFIG/server.properties" >"$PROPS"
echo "controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT" >>"$PROPS"
sed -e "s|@BIND@|0.0.0.0|g" -e "s|@ADVERTISED_HOST@|$ADVERTISED_HOST|g" -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
  -e "s|@TLS_DIR@|$TLS_DIR|g" -e "s|@STORE_PASSWORD@|$(cat "$TLS_DIR/store-password")|g" \
  -e "s|@ADMIN_PASSWORD@|$KAFKA_ADMIN_PASSWORD|g" -e "s|@CONTROLLER_PASSWORD@|$KAFKA_CONTROLLER_PASSWORD|g" \
  "$CONFIG/sasl/server-sasl.properties" >>"$PROPS"
echo "log.dirs=$DATA" >>"$PROPS"

# What the health check (kafka-broker-api-versions.sh --command-config) signs in with.
cat >"$RUN/admin-client.properties" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
ssl.truststore.type=PEM
ssl.truststore.location=$TLS_DIR/ca.crt
PROPERTIES

if [ ! -f "$DATA/meta.properties" ]; then
  scram=(--add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]")
  for user in $SCRAM_USERS; do scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(password_of "$user")]"); done
  "$KAFKA_HOME/bin/kafka-storage.sh" format -t "$CLUSTER_ID" -c "$PROPS" "${scram[@]}"
fi
exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$PROPS"
