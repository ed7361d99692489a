#!/usr/bin/env bash
# Runs the whole system locally with demo data: PostgreSQL, Kafka, a mail catcher and every service.
# Ctrl-C stops the services (Kafka keeps running; `scripts/kafka.sh stop` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LOGS="$ROOT/.local/logs"
mkdir -p "$LOGS"

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/infra.sh up
bash scripts/build.sh

pids=()
stop() {
  echo; echo "stopping services..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

node scripts/dev-mail.js >"$LOGS/mail.log" 2>&1 &
pids+=($!)

# DEV_OIDC=true: real sign-in too, through a local OpenID Connect provider (scripts/dev-oidc.js).
oidc=()
if [ "${DEV_OIDC:-false}" = true ]; then
  node scripts/dev-oidc.js >"$LOGS/oidc.log" 2>&1 &
  pids+=($!)
  oidc=(OIDC_ISSUER=http://127.0.0.1:3010 OIDC_CLIENT_ID=mutuals-portal-dev OIDC_CLIENT_SECRET=dev-only-oidc-client-secret
    OIDC_REDIRECT_URI=http://127.0.0.1:3000/sign-in/callback)
fi

declare -A PORTS=([applications]=3001 [intake]=3002 [awards]=3003 [notifications]=3004 [portal]=3000)
started=()
for name in applications intake awards notifications portal; do
  main="dist/apps/$name/apps/$name/src/main.js"
  [ -f "$main" ] || continue
  # A local trial: the services seed demo data, and the portal offers its demo users' sign-in.
  demo=(DEMO_DATA=true)
  [ "$name" = portal ] && demo+=(DEMO_SIGN_IN=true "${oidc[@]}")
  env "${demo[@]}" node "$main" >"$LOGS/$name.log" 2>&1 &
  pids+=($!)
  started+=("$name")
done

for name in "${started[@]}"; do
  port=${PORTS[$name]}
  path=/health/ready; [ "$name" = portal ] && path=/health/live
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port$path" >/dev/null 2>&1 && break
    sleep 1
  done
  if curl -fs "http://127.0.0.1:$port$path" >/dev/null 2>&1; then
    printf '  %-14s http://127.0.0.1:%s  (API docs: /docs)\n' "$name" "$port"
  else
    printf '  %-14s did not become ready: see %s\n' "$name" "$LOGS/$name.log"
  fi
done
cat <<INFO

The platform is running with demo data.
  Web portal:   http://127.0.0.1:3000  (sign in as a demo applicant, council, assessor or programme officer)
  Emails sent:  .local/mail/*.eml       Logs: .local/logs/
  API tokens:   node scripts/mint-token.js programme_officer
  Real sign-in: DEV_OIDC=true npm run dev, then npm run admin:create (see README)
Press Ctrl-C to stop.
INFO
wait
