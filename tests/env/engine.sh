#!/usr/bin/env bash
# Stops or starts only the bench's private engine (same data-root and socket), for tests of how
# the app behaves when Docker goes away and comes back. Never touches an engine it did not start.
#   bash tests/env/engine.sh stop|start|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  status) engine_status ;;
  stop)
    require_root; external_engine_guard; take_lock
    [ -f "$STATE_DIR/engine-mode" ] || die "the test bench is not running" "" "run: bash tests/env/up.sh"
    engine_stop
    log "engine stopped (socket unix://$ENGINE_SOCK is gone)"
    ;;
  start)
    require_root; external_engine_guard; take_lock
    [ -f "$STATE_DIR/engine-mode" ] || die "the test bench is not running" "engine.sh only restarts the engine of a running bench" "run: bash tests/env/up.sh"
    engine_start
    ;;
  *) echo "usage: bash tests/env/engine.sh stop|start|status" >&2; exit 2 ;;
esac
