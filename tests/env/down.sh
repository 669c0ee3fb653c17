#!/usr/bin/env bash
# Stops everything the bench started and removes its /etc/hosts lines, certs.d entry and engine
# data. Safe to run when nothing is up. Keeps caches (tools, layer data, TLS, registry storage);
# --purge removes those too (only the compose download in .state/tools is kept).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
take_lock

bench_down
if [ "${1:-}" = --purge ]; then
  find "$STATE_DIR" -mindepth 1 -maxdepth 1 ! -name tools ! -name docker-config ! -name .lock -exec rm -rf {} +
  find "$DOCKER_CONFIG_DIR" -mindepth 1 -maxdepth 1 ! -name cli-plugins -exec rm -rf {} + 2>/dev/null || true
fi
left=$(mounts_under "$ENGINE_DIR" "$RUN_DIR")
[ -z "$left" ] || log "warning: still mounted: $left"
log "bench is down"
