#!/usr/bin/env bash
# The test command (`npm test`): brings PostgreSQL and Kafka up when they are down, then runs every
# test with Jest (jest.config.js) and exits with Jest's status. Arguments go to Jest:
#   npm test -- libs/domain          scripts/test.sh --testNamePattern outbox
# Kafka is left running afterwards: it is cheap, and the next run reuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
bash scripts/infra.sh up
# Some tests start the built services as child processes (to kill them for real): build any
# service whose build is missing or older than its sources.
bash scripts/build.sh --if-stale
# Browser tests need Chromium; install it when the portal's tests are present.
if [ -f scripts/install-browser.sh ] && [ -d apps/portal/test ]; then bash scripts/install-browser.sh; fi
# The alert rules are evaluated with promtool (Debian's prometheus package).
bash scripts/install-promtool.sh
# The end-to-end test over SASL_SSL makes its broker's CA and certificate with the JRE's keytool.
command -v keytool >/dev/null 2>&1 || { echo "test: keytool (part of Java 17) is missing; the Kafka SASL test needs it" >&2; exit 1; }
# A SASL broker left by a test that was killed before its cleanup (each test removes its own).
remove_left_sasl_brokers() {
  local state port
  for state in .local/kafka-sasl-*/; do
    [ -d "$state" ] || continue
    port=${state%/}; port=${port##*-}
    KAFKA_SASL_PORT=$port bash scripts/kafka.sh reset-sasl >/dev/null 2>&1 || true
    rm -rf "$state"
  done
}
status=0
if [ "$#" -gt 0 ]; then
  npx --no-install jest "$@" || status=$?
  remove_left_sasl_brokers
  exit "$status"
fi
# The whole suite: every file that does not time itself runs two at a time (each jest worker has its
# own databases, topics and consumer groups), then the timing-sensitive ones alone
# (scripts/serial-tests.js). Each phase adds its counts to one file; the last line is their sum.
summary=$(mktemp)
serial=$(node -p "require('./scripts/serial-tests.js').join('|')")
started=$SECONDS
JEST_SUMMARY_FILE="$summary" npx --no-install jest --maxWorkers=2 --testPathIgnorePatterns '/node_modules/' "$serial" || status=$?
echo "test: two at a time took $((SECONDS - started)) s"
started=$SECONDS
JEST_SUMMARY_FILE="$summary" npx --no-install jest --maxWorkers=1 --testPathPattern "$serial" || status=$?
echo "test: one at a time took $((SECONDS - started)) s"
remove_left_sasl_brokers
node scripts/jest-summary-reporter.js --sum "$summary" 2
rm -f "$summary"
exit "$status"
