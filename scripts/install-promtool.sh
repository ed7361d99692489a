#!/usr/bin/env bash
# Installs Debian's Prometheus for promtool, which the alert-rule tests (test/ops) run the rules with.
# Best effort: without it those tests say they were skipped; nothing else needs it.
set -uo pipefail

if command -v promtool > /dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

if { $SUDO apt-get install -y --no-install-recommends prometheus > /dev/null 2>&1 ||
     { $SUDO apt-get update > /dev/null 2>&1 && $SUDO apt-get install -y --no-install-recommends prometheus > /dev/null 2>&1; }; }; then
  echo "promtool installed: $(promtool --version 2>&1 | head -1)"
else
  echo "promtool could not be installed; the alert-rule evaluation tests will be skipped" >&2
fi
exit 0
