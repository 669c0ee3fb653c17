#!/usr/bin/env bash
# The bench's Swarm engine: a third private engine of its own (own containerd, data-root, exec-root, pidfile and
# unix socket under .state/swarm, run dir and cgroup named apart from the bench engine's and remote.sh's), made a
# single-node Swarm manager with `docker swarm init --advertise-addr 127.0.0.1`. The bench engine's swarm state
# is never touched. Like the bench engine it reaches the bench registries on 127.0.0.0/8 (always insecure for
# Docker) and the TLS registry through /etc/docker/certs.d, installed host-wide by up.sh.
#   bash tests/env/swarm.sh start    # (re)start, init the swarm, write .state/swarm.json (bench.engines.swarm)
#   bash tests/env/swarm.sh stop     # swarm leave --force, stop the engine, delete docker_gwbridge, unmount,
#                                    # remove its data; idempotent, also after failures (down.sh calls it)
#   bash tests/env/swarm.sh status
# Swarm creates a host bridge `docker_gwbridge` even with --bridge=none; stop deletes it so the host stays clean.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SWARM_DIR="$STATE_DIR/swarm"
SWARM_RUN_DIR="/run/stevedore-swarm-$BENCH_ID"
SWARM_JSON="$STATE_DIR/swarm.json"
SWARM_CGROUP="stevedore-swarm-$BENCH_ID"
SWARM_SOCK="$SWARM_DIR/docker.sock"
[ "${#SWARM_SOCK}" -le 100 ] || SWARM_SOCK="$SWARM_RUN_DIR/docker.sock"
SWARM_PIDFILE="$SWARM_DIR/docker.pid"
SWARM_WRAPPER_PIDFILE="$SWARM_DIR/dockerd.wrapper.pid"
SWARM_CONTAINERD_PIDFILE="$SWARM_DIR/containerd.pid"
SWARM_CONTAINERD_SOCK="$SWARM_RUN_DIR/containerd.sock"
SWARM_LOG="$LOG_DIR/swarm-dockerd.log"
SWARM_CONTAINERD_LOG="$LOG_DIR/swarm-containerd.log"

sdk() { timeout "${SWARM_CLI_TIMEOUT:-60}" env DOCKER_HOST="unix://$SWARM_SOCK" DOCKER_CONFIG="$DOCKER_CONFIG_DIR" DOCKER_CLI_HINTS=false "$DOCKER_CLI" "$@"; }
swarm_api_ok() { curl -fsS --max-time 3 --unix-socket "$SWARM_SOCK" http://localhost/_ping >/dev/null 2>&1; }
swarm_running() { pid_alive "$(read_pid "$SWARM_PIDFILE")" && swarm_api_ok; }
swarm_up_or_dead() { swarm_api_ok || pid_gone "$1"; }
swarm_containerd_up_or_dead() { [ -S "$SWARM_CONTAINERD_SOCK" ] || pid_gone "$(read_pid "$SWARM_CONTAINERD_PIDFILE")"; }
swarm_is_manager() { [ "$(SWARM_CLI_TIMEOUT=10 sdk info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" = true ]; }

swarm_start() {
  if swarm_running && swarm_is_manager; then log "Swarm engine already running at unix://$SWARM_SOCK"; return 0; fi
  # Leftovers of an earlier run that died half-way are cleared first.
  swarm_stop
  mkdir -p "$SWARM_DIR" "$SWARM_RUN_DIR" "$LOG_DIR"
  [ -e /run/containerd ] || record_change "created /run/containerd"
  [ -e /run/docker ] || record_change "created /run/docker"
  cat >"$SWARM_DIR/containerd.toml" <<EOF
version = 2
root = $(json_str "$SWARM_DIR/containerd-root")
state = $(json_str "$SWARM_RUN_DIR/containerd")
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = $(json_str "$SWARM_CONTAINERD_SOCK")
[ttrpc]
  address = $(json_str "$SWARM_CONTAINERD_SOCK.ttrpc")
[plugins."io.containerd.internal.v1.opt"]
  path = $(json_str "$SWARM_DIR/containerd-opt")
EOF
  start_daemon "$SWARM_CONTAINERD_PIDFILE" "$SWARM_CONTAINERD_LOG" containerd --config "$SWARM_DIR/containerd.toml"
  wait_until 30 "the Swarm engine's containerd" swarm_containerd_up_or_dead && [ -S "$SWARM_CONTAINERD_SOCK" ] ||
    { tail -n 20 "$SWARM_CONTAINERD_LOG" >&2; die "the Swarm engine's containerd did not start" "see the lines above" "fix the cause, then run: bash tests/env/swarm.sh start"; }
  echo '{}' >"$SWARM_DIR/daemon.json"
  local driver; driver=$(cat "$ENGINE_DIR/storage-driver" 2>/dev/null || echo vfs)
  start_daemon "$SWARM_WRAPPER_PIDFILE" "$SWARM_LOG" dockerd \
    --host "unix://$SWARM_SOCK" \
    --data-root "$SWARM_DIR/root" \
    --exec-root "$SWARM_RUN_DIR/exec" \
    --pidfile "$SWARM_PIDFILE" \
    --config-file "$SWARM_DIR/daemon.json" \
    --containerd "$SWARM_CONTAINERD_SOCK" \
    --storage-driver "$driver" \
    --bridge=none --iptables=false --ip-forward=false --shutdown-timeout 3 \
    --cgroup-parent "/$SWARM_CGROUP"
  local wpid; wpid=$(read_pid "$SWARM_WRAPPER_PIDFILE")
  if ! wait_until 60 "the Swarm engine on unix://$SWARM_SOCK" swarm_up_or_dead "$wpid" || ! swarm_api_ok; then
    tail -n 20 "$SWARM_LOG" >&2 || true
    die "the Swarm engine did not become ready" "see the lines above ($SWARM_LOG)" "fix the cause, then run: bash tests/env/swarm.sh start"
  fi
  sdk swarm init --advertise-addr 127.0.0.1 >>"$SWARM_LOG" 2>&1 ||
    { tail -n 20 "$SWARM_LOG" >&2; die "docker swarm init failed on the Swarm engine" "see the lines above ($SWARM_LOG)" "fix the cause, then run: bash tests/env/swarm.sh stop && bash tests/env/swarm.sh start"; }
  wait_until 30 "the Swarm engine to be a manager" swarm_is_manager ||
    die "the Swarm engine is not a Swarm manager after swarm init" "see $SWARM_LOG" "run: bash tests/env/swarm.sh stop && bash tests/env/swarm.sh start"
  log "Swarm engine ready at unix://$SWARM_SOCK (single-node manager)"
}

swarm_unmount() {
  local m
  while IFS= read -r m; do
    [ -n "$m" ] && { umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"; }
  done < <(mounts_under "$SWARM_DIR" "$SWARM_RUN_DIR")
  find /sys/fs/cgroup -path "*/$SWARM_CGROUP*" -type d 2>/dev/null | sort -r | while IFS= read -r m; do rmdir "$m" 2>/dev/null || true; done
}

# Our daemons that lost their pid files: only their binaries, and only with our dirs on their command line.
swarm_orphans() {
  local p exe cmd
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    exe=$(readlink "/proc/$p/exe" 2>/dev/null) || continue
    case "${exe##*/}" in dockerd|containerd|containerd-shim*) ;; *) continue ;; esac
    cmd=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) || continue
    case "$cmd" in *"$SWARM_DIR/"*|*"$SWARM_RUN_DIR/"*) echo "$p" ;; esac
  done
}

# Every step runs even when an earlier one fails: the host must end clean.
swarm_stop() {
  local dpid cpid kids=() p cg
  if swarm_api_ok; then
    SWARM_CLI_TIMEOUT=30 sdk swarm leave --force >>"$SWARM_LOG" 2>&1 || log "warning: swarm leave --force failed (see $SWARM_LOG)"
  fi
  dpid=$(read_pid "$SWARM_PIDFILE"); [ -n "$dpid" ] || dpid=$(read_pid "$SWARM_WRAPPER_PIDFILE")
  cpid=$(read_pid "$SWARM_CONTAINERD_PIDFILE")
  for p in $dpid $cpid; do pid_alive "$p" && mapfile -t -O "${#kids[@]}" kids < <(descendants "$p"); done
  [ -n "$dpid" ] && stop_pid "$dpid" "Swarm engine dockerd" 40
  [ -n "$cpid" ] && stop_pid "$cpid" "Swarm engine containerd" 20
  for p in "${kids[@]}" $(swarm_orphans); do stop_pid "$p" "leftover $(cat "/proc/$p/comm" 2>/dev/null || echo process)" 10; done
  while IFS= read -r cg; do
    for p in $(cat "$cg"/cgroup.procs 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
  done < <(find /sys/fs/cgroup -path "*/$SWARM_CGROUP*" -type d 2>/dev/null | sort -r)
  # Only this engine makes a Swarm on the bench host; the bench engine never joins one.
  if ip link show docker_gwbridge >/dev/null 2>&1; then
    ip link delete docker_gwbridge 2>/dev/null || log "warning: could not delete docker_gwbridge"
  fi
  # Overlay networks leave per-network namespaces mounted under the exec-root's netns dir.
  swarm_unmount
  rm -f "$SWARM_PIDFILE" "$SWARM_WRAPPER_PIDFILE" "$SWARM_CONTAINERD_PIDFILE" "$SWARM_JSON"
  rm -rf "$SWARM_DIR/root" "$SWARM_DIR/containerd-root" "$SWARM_DIR/containerd-opt" "$SWARM_RUN_DIR" 2>/dev/null ||
    log "warning: could not remove all of $SWARM_DIR (still mounted: $(mounts_under "$SWARM_DIR" "$SWARM_RUN_DIR" | tr '\n' ' '))"
}

write_swarm_json() {
  cat >"$SWARM_JSON.tmp" <<EOF
{
  "host": $(json_str "unix://$SWARM_SOCK"),
  "socket": $(json_str "$SWARM_SOCK"),
  "advertiseAddr": "127.0.0.1",
  "logFile": $(json_str "$SWARM_LOG"),
  "pidFile": $(json_str "$SWARM_PIDFILE"),
  "script": $(json_str "$ENV_DIR/swarm.sh")
}
EOF
  mv "$SWARM_JSON.tmp" "$SWARM_JSON"
}

swarm_status() {
  if swarm_running && swarm_is_manager; then
    echo "swarm running unix://$SWARM_SOCK pid $(read_pid "$SWARM_PIDFILE") (manager)"
  else
    echo "swarm stopped"; ip link show docker_gwbridge >/dev/null 2>&1 && echo "docker_gwbridge present"; return 3
  fi
}

case "${1:-}" in
  status) swarm_status ;;
  start)
    require_root; [ "${STEVEDORE_BENCH_LOCK_HELD:-}" = 1 ] || take_lock
    swarm_start
    write_swarm_json
    ;;
  stop)
    require_root; [ "${STEVEDORE_BENCH_LOCK_HELD:-}" = 1 ] || take_lock
    swarm_stop
    log "Swarm engine stopped (docker_gwbridge deleted, data removed)"
    ;;
  *) echo "usage: bash tests/env/swarm.sh start|stop|status" >&2; exit 2 ;;
esac
