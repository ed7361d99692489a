#!/usr/bin/env bash
# A private CA and a broker certificate signed by it, with keytool only (it ships with every JRE,
# the apache/kafka image's too), for a broker's SASL_SSL listener:
#   certs.sh <dir> [extra SAN entries, e.g. dns:kafka]
# writes <dir>/broker.p12 (the broker's key and chain, PKCS12), <dir>/ca.crt (PEM: what clients
# trust, KAFKA_TLS_CA_FILE) and <dir>/store-password. The CA's key is deleted once the broker's
# certificate is signed: nothing else is ever signed with it. Does nothing when broker.p12 exists.
set -euo pipefail
DIR=${1:?usage: certs.sh <dir> [san ...]}
shift
if [ -f "$DIR/broker.p12" ] && [ -f "$DIR/ca.crt" ] && [ -f "$DIR/store-password" ]; then exit 0; fi
mkdir -p "$DIR"
umask 077
SAN="dns:localhost,ip:127.0.0.1"
for extra in "$@"; do SAN="$SAN,$extra"; done
WORK=$(mktemp -d "$DIR/.certs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PASS=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
kt() { keytool -noprompt -storetype PKCS12 -storepass "$PASS" "$@" 2>/dev/null; }
kt -genkeypair -keystore "$WORK/ca.p12" -alias ca -dname "CN=Mutuals platform Kafka CA" -keyalg RSA -keysize 2048 -validity 825 -ext bc:c=ca:true -ext ku:c=keyCertSign,cRLSign
kt -exportcert -keystore "$WORK/ca.p12" -alias ca -rfc -file "$WORK/ca.crt"
kt -genkeypair -keystore "$WORK/broker.p12" -alias broker -dname "CN=kafka" -keyalg RSA -keysize 2048 -validity 825
kt -certreq -keystore "$WORK/broker.p12" -alias broker -file "$WORK/broker.csr"
kt -gencert -keystore "$WORK/ca.p12" -alias ca -infile "$WORK/broker.csr" -outfile "$WORK/broker.crt" -rfc -validity 825 \
  -ext "SAN=$SAN" -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth
kt -importcert -keystore "$WORK/broker.p12" -alias ca -file "$WORK/ca.crt"
kt -importcert -keystore "$WORK/broker.p12" -alias broker -file "$WORK/broker.crt"
printf '%s' "$PASS" >"$WORK/store-password"
# Clients (services) read the CA certificate; only the broker reads its key store.
chmod 644 "$WORK/ca.crt"
mv "$WORK/broker.p12" "$WORK/store-password" "$DIR/"
mv "$WORK/ca.crt" "$DIR/ca.crt"
echo "certs: CA and broker certificate ($SAN) in $DIR"
