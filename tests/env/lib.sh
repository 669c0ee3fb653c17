# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source this file
# Shared helpers for the test bench scripts (sourced, never run directly).
# Everything the bench creates lives under $STATE_DIR (or the short $RUN_DIR); the only
# changes outside those are marked /etc/hosts lines, one certs.d entry and /etc/docker/key.json,
# all recorded so that down.sh can undo exactly what the bench did.

# Daemons (dockerd, docker-proxy, iptables helpers) live in sbin, which a CI PATH may lack.
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin${PATH:+:$PATH}"
export LC_ALL=C

ENV_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR="$ENV_DIR/.state"
# One hash per checkout, so two clones on one machine never share run dirs or cgroups.
BENCH_ID="$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-10)"
# Unix socket paths are limited to 107 bytes, and dockerd/containerd nest sockets deep under
# their exec-root/state dirs, so those go to a short per-checkout dir instead of the repo.
RUN_DIR="/run/stevedore-bench-$BENCH_ID"
ENGINE_DIR="$STATE_DIR/engine"
LOG_DIR="$STATE_DIR/logs"
TOOLS_DIR="$STATE_DIR/tools"
CACHE_DIR="$STATE_DIR/cache"
TLS_DIR="$STATE_DIR/tls"
REG_DIR="$STATE_DIR/registries"
REG_DATA_DIR="$STATE_DIR/registry-data"
DOCKER_CONFIG_DIR="$STATE_DIR/docker-config"
COMPOSE_BIN="$DOCKER_CONFIG_DIR/cli-plugins/docker-compose"
BENCH_JSON="$STATE_DIR/bench.json"
BENCH_ENV="$STATE_DIR/bench.env"
SYSCHANGES="$STATE_DIR/system-changes"
CGROUP_PARENT="stevedore-bench-$BENCH_ID"
HOSTS_MARK="# stevedore-test-bench $BENCH_ID"
HOSTS_MARK_ANY="# stevedore-test-bench "

ENGINE_DATA_ROOT="$ENGINE_DIR/root"
ENGINE_PIDFILE="$ENGINE_DIR/docker.pid"
CONTAINERD_PIDFILE="$ENGINE_DIR/containerd.pid"
ENGINE_EXEC_ROOT="$RUN_DIR/exec"
CONTAINERD_SOCK="$RUN_DIR/containerd.sock"
if [ "${#ENGINE_DIR}" -le 80 ]; then
  ENGINE_SOCK="$ENGINE_DIR/docker.sock"
else
  ENGINE_SOCK="$RUN_DIR/docker.sock"
fi

# The Debian CLI is the one install.sh guarantees; a newer CLI elsewhere on PATH would try
# BuildKit/buildx for `docker build`, which this engine setup does not provide.
if [ -x /usr/bin/docker ]; then DOCKER_CLI=/usr/bin/docker; else DOCKER_CLI="$(command -v docker || echo docker)"; fi

REGISTRY_NAMES=(plain tls anon)
PLAIN_ADDR=127.0.0.1:5001
PLAIN_USER=alice
PLAIN_PASS='alice-s3cret!'
TLS_HOST=registry.test
TLS_UNTRUSTED_HOST=untrusted.test
TLS_PORT=5443
TLS_ADDR="$TLS_HOST:$TLS_PORT"
TLS_UNTRUSTED_ADDR="$TLS_UNTRUSTED_HOST:$TLS_PORT"
TLS_USER=bob
TLS_PASS='b0b:pa55'
ANON_ADDR=127.0.0.2:5002
CLOSED_PORT=127.0.0.1:5999
# The token-auth registry and its token server (tests/env/token.sh); throwaway test accounts.
TOKEN_ADDR=127.0.0.3:5003
TOKEN_SERVER_ADDR=127.0.0.3:5004
TOKEN_CAROL_USER=carol
TOKEN_CAROL_PASS='car0l-t0ken!'
TOKEN_DAVE_USER=dave
TOKEN_DAVE_PASS='dave-pa55'
TOKEN_ERIN_USER=erin
TOKEN_ERIN_PASS='erin-n0-access'
TOKEN_ADMIN_USER=bench-admin
TOKEN_ADMIN_PASS='bench-admin-seeds'
UNRESOLVABLE_HOST=registry.invalid
CERTS_D_DIR="/etc/docker/certs.d/$TLS_ADDR"

BENCH_T0=$(date +%s%N)
log() { printf '[bench %5.1fs] %s\n' "$(( ($(date +%s%N) - BENCH_T0) / 1000000 ))e-3" "$*" >&2; }

# die WHAT WHY FIX — every failure says what failed, the likely reason, and what to do.
die() {
  printf '\n[bench] ERROR: %s\n' "$1" >&2
  [ -n "${2:-}" ] && printf '[bench]   why:  %s\n' "$2" >&2
  [ -n "${3:-}" ] && printf '[bench]   fix:  %s\n' "$3" >&2
  exit 1
}

require_root() {
  [ "$(id -u)" = 0 ] || die "the test bench must run as root" \
    "it starts dockerd, edits /etc/hosts and /etc/docker/certs.d" "run it with sudo or as root"
}

json_str() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# Serialises up/down/engine/registry actions of this checkout against each other.
take_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 600 9 || die "another bench script of this checkout holds $STATE_DIR/.lock for 10 minutes" \
    "an up.sh/down.sh is still running or hung" "wait for it, or kill it and retry"
}

# wait_until TIMEOUT_S DESCRIPTION CMD... — polls CMD; returns 1 on timeout (callers die with context).
wait_until() {
  local timeout=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "timed out after ${timeout}s waiting for: $what"
      return 1
    fi
    sleep 0.2
  done
}

# A zombie counts as gone: it holds no sockets or ports any more.
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
pid_gone() { ! pid_alive "$1"; }

read_pid() { [ -s "$1" ] && tr -dc '0-9' <"$1" || true; }

# stop_pid PID NAME [TIMEOUT] [SIGNAL] — polite signal first, SIGKILL if it does not exit in time.
stop_pid() {
  local pid=$1 name=$2 timeout=${3:-30} sig=${4:-TERM}
  pid_alive "$pid" || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  if ! wait_until "$timeout" "$name (pid $pid) to exit" pid_gone "$pid"; then
    log "$name (pid $pid) ignored SIG$sig for ${timeout}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 10 "$name (pid $pid) to die" pid_gone "$pid" || true
  fi
}

# start_daemon PIDFILE LOGFILE CMD... — detached from our session so it outlives the script;
# the wrapper writes its own pid before exec so the pid file is exact.
start_daemon() {
  local pidfile=$1 logfile=$2; shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  rm -f "$pidfile"
  printf '\n===== %s starting: %s\n' "$(date -Is)" "$*" >>"$logfile"
  # 9>&- : the daemon must not inherit (and hold forever) the bench lock.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  wait_until 5 "pid file $pidfile" test -s "$pidfile" || die "could not start $1" "no pid file appeared" "see $logfile"
}

# Pids of bench-owned processes that lost their pid file (e.g. after `git clean`): only our
# daemon binaries, and only when their command line points into this checkout's dirs.
# orphan_pids [engine] — "engine" limits it to the engine's processes (registries stay up).
orphan_pids() {
  local p exe cmd only=${1:-all}
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = $$ ] && continue
    exe=$(readlink "/proc/$p/exe" 2>/dev/null) || continue
    case "${exe##*/}" in
      dockerd|containerd|containerd-shim*) ;;
      docker-registry) [ "$only" = all ] || continue ;;
      # Only the token server (token.sh); other node processes (tests, Electron's Node in .state/tools) are not ours.
      node)
        [ "$only" = all ] || continue
        case "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" in *"$ENV_DIR/token-server.mjs "*) ;; *) continue ;; esac
        ;;
      *) continue ;;
    esac
    cmd=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) || continue
    # The TLS engine of tests/env/remote.sh is stopped by that script, never by engine.sh's sweep.
    case "$cmd" in *"$STATE_DIR/remote/"*) [ "$only" = all ] || continue ;; esac
    # Likewise the Swarm engine of tests/env/swarm.sh.
    case "$cmd" in *"$STATE_DIR/swarm/"*) [ "$only" = all ] || continue ;; esac
    case "$cmd" in
      *"$STATE_DIR/"*|*"$RUN_DIR/"*) echo "$p" ;;
    esac
  done
}

# Children (and deeper) of a pid, e.g. docker-proxy processes of dockerd, which would keep
# published ports busy if dockerd died without cleaning up.
descendants() {
  local parent=$1 p
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    if [ "$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null)" = "$parent" ]; then
      echo "$p"; descendants "$p"
    fi
  done
}

# Mount points under a prefix, deepest first (mountinfo escapes spaces as \040).
mounts_under() {
  local prefix
  for prefix in "$@"; do
    awk -v p="$prefix" '{ m=$5; gsub(/\\040/, " ", m); if (m == p || index(m, p "/") == 1) print length(m) "\t" m }' /proc/self/mountinfo
  done | sort -rn | cut -f2- | uniq
}

listener_on() {
  # prints the process listening on ADDR:PORT (ss shows IPv6 as [::1]:port)
  ss -Hltnp 2>/dev/null | awk -v a="$1" '$4 == a { print $6 }'
}

docker_host() {
  if [ -n "${STEVEDORE_TEST_DOCKER_HOST:-}" ]; then echo "$STEVEDORE_TEST_DOCKER_HOST"; else echo "unix://$ENGINE_SOCK"; fi
}

dk() { DOCKER_CONFIG="$DOCKER_CONFIG_DIR" DOCKER_HOST="$(docker_host)" DOCKER_BUILDKIT=0 DOCKER_CLI_HINTS=false "$DOCKER_CLI" "$@"; }

# Records host changes so teardown removes exactly what this checkout added.
record_change() { mkdir -p "$STATE_DIR"; grep -qxF "$1" "$SYSCHANGES" 2>/dev/null || echo "$1" >>"$SYSCHANGES"; }
has_change() { grep -qxF "$1" "$SYSCHANGES" 2>/dev/null; }
forget_change() { [ -f "$SYSCHANGES" ] && { grep -vxF "$1" "$SYSCHANGES" >"$SYSCHANGES.tmp" || true; mv "$SYSCHANGES.tmp" "$SYSCHANGES"; }; return 0; }

external_engine_guard() {
  if [ -n "${STEVEDORE_TEST_DOCKER_HOST:-}" ] || [ "$(cat "$STATE_DIR/engine-mode" 2>/dev/null)" = external ]; then
    die "the bench is using an engine it does not own (STEVEDORE_TEST_DOCKER_HOST=${STEVEDORE_TEST_DOCKER_HOST:-<set when up.sh ran>})" \
      "the bench never stops or starts a developer's own Docker engine" \
      "skip engine stop/start tests in this mode, or unset STEVEDORE_TEST_DOCKER_HOST and run up.sh again"
  fi
}

# ---------------------------------------------------------------- engine

engine_api_ok() { curl -fsS --max-time 3 --unix-socket "$ENGINE_SOCK" http://d/_ping >/dev/null 2>&1; }

engine_running() {
  pid_alive "$(read_pid "$ENGINE_PIDFILE")" && engine_api_ok
}

containerd_running() {
  pid_alive "$(read_pid "$CONTAINERD_PIDFILE")" && [ -S "$CONTAINERD_SOCK" ]
}

# overlay2 copies nothing per layer; vfs copies every layer in full (300 MB image → slow),
# so use overlay2 whenever the kernel lets us mount it on this filesystem.
pick_storage_driver() {
  local fstype probe ok=0
  fstype=$(stat -f -c %T "$ENGINE_DIR")
  case "$fstype" in
    ext2/ext3|xfs|btrfs)
      probe=$(mktemp -d "$ENGINE_DIR/overlay-probe.XXXXXX")
      mkdir -p "$probe/l" "$probe/u" "$probe/w" "$probe/m"
      if mount -t overlay overlay -o "lowerdir=$probe/l,upperdir=$probe/u,workdir=$probe/w" "$probe/m" 2>/dev/null; then
        umount "$probe/m" && ok=1
      fi
      rm -rf "$probe"
      ;;
  esac
  if [ "$ok" = 1 ]; then echo overlay2; else echo vfs; fi
}

containerd_up_or_dead() { [ -S "$CONTAINERD_SOCK" ] || pid_gone "$(read_pid "$CONTAINERD_PIDFILE")"; }
engine_up_or_dead() { engine_api_ok || pid_gone "$1"; }

containerd_start() {
  containerd_running && return 0
  command -v containerd >/dev/null || die "containerd is not installed" "the docker.io package brings it" "run: bash tests/env/install.sh"
  mkdir -p "$RUN_DIR" "$ENGINE_DIR" "$LOG_DIR"
  # containerd 1.6 always puts shim sockets in /run/containerd/s, whatever its config says.
  [ -e /run/containerd ] || record_change "created /run/containerd"
  # dockerd always creates /run/docker/plugins (plugin discovery), whatever its exec-root.
  [ -e /run/docker ] || record_change "created /run/docker"
  # Our own containerd, never the system one: dockerd would otherwise attach to
  # /run/containerd/containerd.sock when it exists and share its "moby" namespace.
  cat >"$ENGINE_DIR/containerd.toml" <<EOF
version = 2
root = $(json_str "$ENGINE_DIR/containerd-root")
state = $(json_str "$RUN_DIR/containerd")
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = $(json_str "$CONTAINERD_SOCK")
[ttrpc]
  address = $(json_str "$CONTAINERD_SOCK.ttrpc")
[plugins."io.containerd.internal.v1.opt"]
  path = $(json_str "$ENGINE_DIR/containerd-opt")
EOF
  start_daemon "$CONTAINERD_PIDFILE" "$LOG_DIR/containerd.log" containerd --config "$ENGINE_DIR/containerd.toml"
  if ! wait_until 30 "containerd socket" containerd_up_or_dead || ! containerd_running; then
    tail -n 20 "$LOG_DIR/containerd.log" >&2 || true
    die "containerd did not start" "see the log lines above ($LOG_DIR/containerd.log)" "fix the cause, then run: bash tests/env/down.sh && bash tests/env/up.sh"
  fi
}

engine_start() {
  external_engine_guard
  if engine_running; then log "engine already running at unix://$ENGINE_SOCK"; return 0; fi
  command -v dockerd >/dev/null || die "dockerd is not installed" "the bench needs Debian's docker.io" "run: bash tests/env/install.sh"
  mkdir -p "$ENGINE_DIR" "$RUN_DIR" "$LOG_DIR"
  local driver
  driver=$(cat "$ENGINE_DIR/storage-driver" 2>/dev/null || true)
  [ -n "$driver" ] || driver=$(pick_storage_driver)
  # dockerd writes /etc/docker/key.json when missing; remember it so down.sh can remove it.
  [ -e /etc/docker/key.json ] || record_change "created /etc/docker/key.json"
  # An empty config file: the machine's /etc/docker/daemon.json (if any) is the developer's.
  echo '{}' >"$ENGINE_DIR/daemon.json"
  containerd_start
  local attempt
  for attempt in 1 2; do
    rm -f "$ENGINE_SOCK"
    start_daemon "$ENGINE_DIR/dockerd.wrapper.pid" "$LOG_DIR/dockerd.log" dockerd \
      --host "unix://$ENGINE_SOCK" \
      --data-root "$ENGINE_DATA_ROOT" \
      --exec-root "$ENGINE_EXEC_ROOT" \
      --pidfile "$ENGINE_PIDFILE" \
      --config-file "$ENGINE_DIR/daemon.json" \
      --containerd "$CONTAINERD_SOCK" \
      --storage-driver "$driver" \
      --bridge=none --iptables=false --ip-forward=false --shutdown-timeout 3 \
      --cgroup-parent "/$CGROUP_PARENT"
    local wpid; wpid=$(read_pid "$ENGINE_DIR/dockerd.wrapper.pid")
    if wait_until 60 "dockerd API on unix://$ENGINE_SOCK" engine_up_or_dead "$wpid" && engine_api_ok; then
      echo "$driver" >"$ENGINE_DIR/storage-driver"
      log "engine ready at unix://$ENGINE_SOCK (storage driver $driver)"
      return 0
    fi
    tail -n 20 "$LOG_DIR/dockerd.log" >&2 || true
    stop_pid "$wpid" dockerd 20
    if [ "$driver" = overlay2 ] && [ "$attempt" = 1 ]; then
      log "dockerd failed with overlay2; retrying with vfs (slower, copies every layer)"
      driver=vfs
      engine_cleanup_dirs
      continue
    fi
    break
  done
  die "dockerd did not become ready within 60s" "see the log lines above ($LOG_DIR/dockerd.log)" \
    "fix the cause, then run: bash tests/env/down.sh && bash tests/env/up.sh"
}

engine_stop() {
  local dpid cpid kids=() p
  dpid=$(read_pid "$ENGINE_PIDFILE"); [ -n "$dpid" ] || dpid=$(read_pid "$ENGINE_DIR/dockerd.wrapper.pid")
  cpid=$(read_pid "$CONTAINERD_PIDFILE")
  for p in $dpid $cpid; do pid_alive "$p" && mapfile -t -O "${#kids[@]}" kids < <(descendants "$p"); done
  # dockerd first: it stops its containers through containerd on the way out.
  [ -n "$dpid" ] && stop_pid "$dpid" dockerd 40
  [ -n "$cpid" ] && stop_pid "$cpid" containerd 20
  for p in "${kids[@]}" $(orphan_pids engine); do stop_pid "$p" "leftover $(cat /proc/$p/comm 2>/dev/null || echo process)" 10; done
  # Container processes whose shim was killed are still in our cgroup: end them there.
  local cg
  while IFS= read -r cg; do
    for p in $(cat "$cg"/cgroup.procs 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
  done < <(find /sys/fs/cgroup -path "*/$CGROUP_PARENT*" -type d 2>/dev/null | sort -r)
  rm -f "$ENGINE_PIDFILE" "$CONTAINERD_PIDFILE" "$ENGINE_DIR/dockerd.wrapper.pid" "$ENGINE_SOCK"
  engine_unmount
}

engine_unmount() {
  local m
  while IFS= read -r m; do
    [ -n "$m" ] && { umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"; }
  done < <(mounts_under "$ENGINE_DIR" "$RUN_DIR")
  # Empty cgroups dockerd created for our containers (cgroup dirs are removed with rmdir).
  find /sys/fs/cgroup -path "*/$CGROUP_PARENT*" -type d 2>/dev/null | sort -r | while IFS= read -r m; do rmdir "$m" 2>/dev/null || true; done
}

engine_cleanup_dirs() {
  engine_unmount
  rm -rf "$ENGINE_DATA_ROOT" "$ENGINE_DIR/containerd-root" "$ENGINE_DIR/containerd-opt" "$ENGINE_DIR/storage-driver" "$RUN_DIR"
}

engine_status() {
  if [ -n "${STEVEDORE_TEST_DOCKER_HOST:-}" ]; then
    echo "external engine $STEVEDORE_TEST_DOCKER_HOST (not managed by the bench)"; return 0
  fi
  if engine_running; then echo "running unix://$ENGINE_SOCK pid $(read_pid "$ENGINE_PIDFILE")"; return 0; fi
  echo "stopped"; return 3
}

# ---------------------------------------------------------------- registries

registry_addr() {
  case "$1" in
    plain) echo "$PLAIN_ADDR" ;;
    tls) echo "[::1]:$TLS_PORT" ;;
    anon) echo "$ANON_ADDR" ;;
    *) die "unknown registry '$1'" "" "use one of: ${REGISTRY_NAMES[*]}" ;;
  esac
}

# URL the host can use to reach the registry's /v2/ endpoint.
registry_url() {
  case "$1" in
    plain) echo "http://$PLAIN_ADDR" ;;
    tls) echo "https://$TLS_ADDR" ;;
    anon) echo "http://$ANON_ADDR" ;;
  esac
}

registry_curl() {
  local name=$1; shift
  local args=(-sS --max-time 10)
  case "$name" in
    plain) args+=(-u "$PLAIN_USER:$PLAIN_PASS") ;;
    tls) args+=(-u "$TLS_USER:$TLS_PASS" --cacert "$TLS_DIR/ca.crt" --resolve "$TLS_HOST:$TLS_PORT:[::1]") ;;
  esac
  curl "${args[@]}" "$@"
}

registry_ready() {
  local code
  code=$(registry_curl "$1" -o /dev/null -w '%{http_code}' "$(registry_url "$1")/v2/" 2>/dev/null) || return 1
  [ "$code" = 200 ]
}

registry_pidfile() { echo "$REG_DIR/$1/registry.pid"; }

registry_start() {
  local name=$1 cfg="$REG_DIR/$1/config.yml" addr pid holder
  [ -f "$cfg" ] || die "registry '$name' is not configured" "up.sh writes $cfg" "run: bash tests/env/up.sh"
  pid=$(read_pid "$(registry_pidfile "$name")")
  if pid_alive "$pid" && registry_ready "$name"; then return 0; fi
  addr=$(registry_addr "$name")
  holder=$(listener_on "$addr")
  [ -z "$holder" ] || die "cannot start registry '$name': $addr is already in use ($holder)" \
    "another program, or a test bench from another checkout, listens there" \
    "stop it (bash <other checkout>/tests/env/down.sh) and retry"
  start_daemon "$(registry_pidfile "$name")" "$LOG_DIR/registry-$name.log" docker-registry serve "$cfg"
  if ! wait_until 30 "registry $name on $addr" registry_ready "$name"; then
    tail -n 20 "$LOG_DIR/registry-$name.log" >&2 || true
    die "registry '$name' did not answer on $addr within 30s" "see the log lines above ($LOG_DIR/registry-$name.log)" \
      "fix the cause, then run: bash tests/env/up.sh"
  fi
}

registry_stop() {
  local name=$1 sig=${2:-TERM}
  stop_pid "$(read_pid "$(registry_pidfile "$name")")" "registry $name" 15 "$sig"
  rm -f "$(registry_pidfile "$name")"
}

# ---------------------------------------------------------------- teardown

# Stops everything this checkout's bench started and undoes its host changes. Keeps the caches
# (tools, random layer data, TLS material, registry storage) so the next up.sh is fast.
bench_down() {
  rm -f "$BENCH_JSON" "$BENCH_ENV"
  # The caller holds the bench lock already (up.sh, down.sh).
  STEVEDORE_BENCH_LOCK_HELD=1 bash "$ENV_DIR/token.sh" stop || log "warning: could not stop the token registry"
  STEVEDORE_BENCH_LOCK_HELD=1 bash "$ENV_DIR/remote.sh" stop || log "warning: could not stop the remote engines (tests/env/remote.sh)"
  STEVEDORE_BENCH_LOCK_HELD=1 bash "$ENV_DIR/swarm.sh" stop || log "warning: could not stop the Swarm engine (tests/env/swarm.sh)"
  local name
  for name in "${REGISTRY_NAMES[@]}"; do registry_stop "$name"; done
  if [ "$(cat "$STATE_DIR/engine-mode" 2>/dev/null)" != external ]; then
    engine_stop
    engine_cleanup_dirs
  fi
  # Processes that lost their pid files (state dir wiped while running) are still ours.
  local p
  for p in $(orphan_pids); do stop_pid "$p" "leftover $(cat "/proc/$p/comm" 2>/dev/null || echo process)" 10; done
  hosts_remove "$HOSTS_MARK"
  if has_change "created $CERTS_D_DIR/ca.crt"; then
    rm -f "$CERTS_D_DIR/ca.crt"; rmdir "$CERTS_D_DIR" 2>/dev/null || true
    forget_change "created $CERTS_D_DIR/ca.crt"
  fi
  if has_change "created /etc/docker/certs.d"; then
    rmdir /etc/docker/certs.d 2>/dev/null || true
    forget_change "created /etc/docker/certs.d"
  fi
  if has_change "created /etc/docker/key.json"; then
    # Only while no other dockerd could be relying on it.
    if ! any_dockerd_running; then
      rm -f /etc/docker/key.json
    fi
    forget_change "created /etc/docker/key.json"
  fi
  if has_change "created /run/containerd"; then
    rmdir /run/containerd/s /run/containerd 2>/dev/null || true
    forget_change "created /run/containerd"
  fi
  if has_change "created /run/docker"; then
    rmdir /run/docker/plugins /run/docker 2>/dev/null || true
    forget_change "created /run/docker"
  fi
  rm -f "$STATE_DIR/engine-mode"
  rm -rf "$RUN_DIR"
}

# /etc/hosts may be a bind mount (containers), so rewrite it in place instead of replacing it.
hosts_remove() {
  local mark=$1
  grep -qF "$mark" /etc/hosts 2>/dev/null || return 0
  local tmp; tmp=$(mktemp)
  grep -vF "$mark" /etc/hosts >"$tmp" || true
  cat "$tmp" >/etc/hosts
  rm -f "$tmp"
}

hosts_add() {
  [ -w /etc/hosts ] || die "/etc/hosts is not writable" "the TLS registry needs $TLS_HOST and $TLS_UNTRUSTED_HOST mapped to ::1" \
    "run the bench as root on a machine whose /etc/hosts can be edited"
  hosts_remove "$HOSTS_MARK"
  printf '::1 %s %s %s\n' "$TLS_HOST" "$TLS_UNTRUSTED_HOST" "$HOSTS_MARK" >>/etc/hosts
}

any_dockerd_running() {
  local p
  for p in /proc/[0-9]*; do
    case "$(readlink "$p/exe" 2>/dev/null)" in */dockerd) return 0 ;; esac
  done
  return 1
}

# dkt SECONDS ARGS... — docker with a deadline (pushes/pulls must never hang a CI run).
dkt() {
  local t=$1; shift
  timeout "$t" env DOCKER_CONFIG="$DOCKER_CONFIG_DIR" DOCKER_HOST="$(docker_host)" DOCKER_BUILDKIT=0 DOCKER_CLI_HINTS=false "$DOCKER_CLI" "$@"
}
