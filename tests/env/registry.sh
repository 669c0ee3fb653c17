#!/usr/bin/env bash
# Stops or starts one bench registry, e.g. to cut a pull off mid-transfer.
#   bash tests/env/registry.sh stop NAME [--kill]   (--kill: SIGKILL, no graceful shutdown)
#   bash tests/env/registry.sh start|status NAME     (NAME: plain | tls | anon)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

action=${1:-}; name=${2:-}
case " ${REGISTRY_NAMES[*]} " in
  *" $name "*) ;;
  *) echo "usage: bash tests/env/registry.sh stop|start|status plain|tls|anon [--kill]" >&2; exit 2 ;;
esac
case "$action" in
  status)
    if pid_alive "$(read_pid "$(registry_pidfile "$name")")" && registry_ready "$name"; then
      echo "running $(registry_addr "$name")"
    else
      echo stopped; exit 3
    fi
    ;;
  stop)
    take_lock
    if [ "${3:-}" = --kill ]; then registry_stop "$name" KILL; else registry_stop "$name"; fi
    ;;
  start)
    take_lock
    [ -f "$BENCH_JSON" ] || die "the test bench is not running" "registry.sh only restarts a registry of a running bench" "run: bash tests/env/up.sh"
    registry_start "$name"
    ;;
  *) echo "usage: bash tests/env/registry.sh stop|start|status plain|tls|anon [--kill]" >&2; exit 2 ;;
esac
