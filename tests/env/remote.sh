#!/usr/bin/env bash
# The bench's remote engines: a second private engine that listens only on TCP with mutual TLS on loopback
# (tcp://127.0.0.1:2376, --tlsverify, certificates made here with openssl), and a private sshd on 127.0.0.1:2223
# (own host key, a test key, `SetEnv DOCKER_HOST=` the bench engine's socket) through which an ssh:// engine is
# reached. up.sh starts them at its end, down.sh (bench_down) stops them; tests stop/start them alone.
#   bash tests/env/remote.sh start [tls|ssh]   # (re)start both or one, write .state/remote.json
#   bash tests/env/remote.sh stop [tls|ssh]    # stop both or one (remote.json keeps describing them)
#   bash tests/env/remote.sh status
# The TLS engine has its own containerd, data-root, exec-root and pidfile, and its run dir and cgroup are named
# apart from the bench engine's, so engine.sh stop|start (and its leftover sweep) never touches it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REMOTE_DIR="$STATE_DIR/remote"
REMOTE_RUN_DIR="/run/stevedore-remote-$BENCH_ID"
REMOTE_JSON="$STATE_DIR/remote.json"
REMOTE_CGROUP="stevedore-remote-$BENCH_ID"

TLS_ENGINE_ADDR=127.0.0.1:2376
TLS_ENGINE_DIR="$REMOTE_DIR/tls-engine"
TLS_ENGINE_CERTS="$REMOTE_DIR/tls-engine-certs"
TLS_ENGINE_PIDFILE="$TLS_ENGINE_DIR/docker.pid"
TLS_ENGINE_WRAPPER_PIDFILE="$TLS_ENGINE_DIR/dockerd.wrapper.pid"
TLS_CONTAINERD_PIDFILE="$TLS_ENGINE_DIR/containerd.pid"
TLS_CONTAINERD_SOCK="$REMOTE_RUN_DIR/containerd.sock"
TLS_ENGINE_LOG="$LOG_DIR/remote-tls-dockerd.log"
TLS_CONTAINERD_LOG="$LOG_DIR/remote-tls-containerd.log"

SSH_ENGINE_PORT=2223
SSH_DIR="$REMOTE_DIR/sshd"
SSH_PIDFILE="$SSH_DIR/sshd.pid"
SSH_LOG="$LOG_DIR/remote-sshd.log"

# ----------------------------------------------------------------------------------------------- TLS engine

tls_api_ok() {
  curl -fsS --max-time 3 --cacert "$TLS_ENGINE_CERTS/ca.pem" --cert "$TLS_ENGINE_CERTS/cert.pem" \
    --key "$TLS_ENGINE_CERTS/key.pem" "https://$TLS_ENGINE_ADDR/_ping" >/dev/null 2>&1
}
tls_running() { pid_alive "$(read_pid "$TLS_ENGINE_PIDFILE")" && tls_api_ok; }
tls_up_or_dead() { tls_api_ok || pid_gone "$1"; }
tls_containerd_up_or_dead() { [ -S "$TLS_CONTAINERD_SOCK" ] || pid_gone "$(read_pid "$TLS_CONTAINERD_PIDFILE")"; }

# CA, server certificate for 127.0.0.1/localhost, client certificate (clientAuth): what `--tlsverify` and a
# docker context's ca/cert/key.pem hold. Kept while valid for another week.
tls_material() {
  local d="$TLS_ENGINE_CERTS"
  if [ -s "$d/ca.pem" ] && [ -s "$d/server-cert.pem" ] && [ -s "$d/cert.pem" ] &&
    openssl x509 -in "$d/cert.pem" -noout -checkend 604800 >/dev/null 2>&1; then return 0; fi
  mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -new -nodes -newkey rsa:2048 -days 3650 -subj "/CN=Stevedore bench remote CA ($BENCH_ID)" \
      -keyout ca-key.pem -out ca.pem
    openssl req -new -nodes -newkey rsa:2048 -subj "/CN=127.0.0.1" -keyout server-key.pem -out server.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile server.ext -out server-cert.pem
    openssl req -new -nodes -newkey rsa:2048 -subj "/CN=stevedore-bench-client" -keyout key.pem -out client.csr
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile client.ext -out cert.pem
    rm -f server.csr client.csr server.ext client.ext ca.srl
    chmod 600 ca-key.pem server-key.pem key.pem
  ) >>"$TLS_ENGINE_LOG" 2>&1 || die "could not make the TLS engine's certificates" "openssl failed" "see $TLS_ENGINE_LOG"
}

tls_start() {
  if tls_running; then log "TLS engine already running at tcp://$TLS_ENGINE_ADDR"; return 0; fi
  [ -z "$(listener_on "$TLS_ENGINE_ADDR")" ] || die "$TLS_ENGINE_ADDR is taken by $(listener_on "$TLS_ENGINE_ADDR")" \
    "the bench's TLS engine listens there" "stop that process, then run: bash tests/env/remote.sh start tls"
  mkdir -p "$TLS_ENGINE_DIR" "$REMOTE_RUN_DIR" "$LOG_DIR"
  tls_material
  [ -e /run/containerd ] || record_change "created /run/containerd"
  [ -e /run/docker ] || record_change "created /run/docker"
  cat >"$TLS_ENGINE_DIR/containerd.toml" <<EOF
version = 2
root = $(json_str "$TLS_ENGINE_DIR/containerd-root")
state = $(json_str "$REMOTE_RUN_DIR/containerd")
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = $(json_str "$TLS_CONTAINERD_SOCK")
[ttrpc]
  address = $(json_str "$TLS_CONTAINERD_SOCK.ttrpc")
[plugins."io.containerd.internal.v1.opt"]
  path = $(json_str "$TLS_ENGINE_DIR/containerd-opt")
EOF
  if ! pid_alive "$(read_pid "$TLS_CONTAINERD_PIDFILE")"; then
    start_daemon "$TLS_CONTAINERD_PIDFILE" "$TLS_CONTAINERD_LOG" containerd --config "$TLS_ENGINE_DIR/containerd.toml"
    wait_until 30 "the TLS engine's containerd" tls_containerd_up_or_dead && [ -S "$TLS_CONTAINERD_SOCK" ] ||
      { tail -n 20 "$TLS_CONTAINERD_LOG" >&2; die "the TLS engine's containerd did not start" "see the lines above" "fix the cause, then run: bash tests/env/remote.sh start tls"; }
  fi
  echo '{}' >"$TLS_ENGINE_DIR/daemon.json"
  local driver; driver=$(cat "$ENGINE_DIR/storage-driver" 2>/dev/null || echo vfs)
  start_daemon "$TLS_ENGINE_WRAPPER_PIDFILE" "$TLS_ENGINE_LOG" dockerd \
    --host "tcp://$TLS_ENGINE_ADDR" \
    --tlsverify --tlscacert "$TLS_ENGINE_CERTS/ca.pem" --tlscert "$TLS_ENGINE_CERTS/server-cert.pem" --tlskey "$TLS_ENGINE_CERTS/server-key.pem" \
    --data-root "$TLS_ENGINE_DIR/root" \
    --exec-root "$REMOTE_RUN_DIR/exec" \
    --pidfile "$TLS_ENGINE_PIDFILE" \
    --config-file "$TLS_ENGINE_DIR/daemon.json" \
    --containerd "$TLS_CONTAINERD_SOCK" \
    --storage-driver "$driver" \
    --bridge=none --iptables=false --ip-forward=false --shutdown-timeout 3 \
    --cgroup-parent "/$REMOTE_CGROUP"
  local wpid; wpid=$(read_pid "$TLS_ENGINE_WRAPPER_PIDFILE")
  if ! wait_until 60 "the TLS engine on tcp://$TLS_ENGINE_ADDR" tls_up_or_dead "$wpid" || ! tls_api_ok; then
    tail -n 20 "$TLS_ENGINE_LOG" >&2 || true
    die "the TLS engine did not become ready" "see the lines above ($TLS_ENGINE_LOG)" "fix the cause, then run: bash tests/env/remote.sh start tls"
  fi
  log "TLS engine ready at tcp://$TLS_ENGINE_ADDR (mutual TLS)"
}

remote_unmount() {
  local m
  while IFS= read -r m; do
    [ -n "$m" ] && { umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"; }
  done < <(mounts_under "$TLS_ENGINE_DIR" "$REMOTE_RUN_DIR")
  find /sys/fs/cgroup -path "*/$REMOTE_CGROUP*" -type d 2>/dev/null | sort -r | while IFS= read -r m; do rmdir "$m" 2>/dev/null || true; done
}

tls_stop() {
  local dpid cpid kids=() p cg
  dpid=$(read_pid "$TLS_ENGINE_PIDFILE"); [ -n "$dpid" ] || dpid=$(read_pid "$TLS_ENGINE_WRAPPER_PIDFILE")
  cpid=$(read_pid "$TLS_CONTAINERD_PIDFILE")
  for p in $dpid $cpid; do pid_alive "$p" && mapfile -t -O "${#kids[@]}" kids < <(descendants "$p"); done
  [ -n "$dpid" ] && stop_pid "$dpid" "TLS engine dockerd" 40
  [ -n "$cpid" ] && stop_pid "$cpid" "TLS engine containerd" 20
  for p in "${kids[@]}" $(remote_orphans tls); do stop_pid "$p" "leftover $(cat "/proc/$p/comm" 2>/dev/null || echo process)" 10; done
  while IFS= read -r cg; do
    for p in $(cat "$cg"/cgroup.procs 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
  done < <(find /sys/fs/cgroup -path "*/$REMOTE_CGROUP*" -type d 2>/dev/null | sort -r)
  rm -f "$TLS_ENGINE_PIDFILE" "$TLS_ENGINE_WRAPPER_PIDFILE" "$TLS_CONTAINERD_PIDFILE"
  remote_unmount
}

# Our daemons that lost their pid files: only their binaries, and only with our dirs on their command line.
# remote_orphans tls|ssh — the TLS engine's (dockerd, containerd, shims) or the sshd, never both.
remote_orphans() {
  local p exe cmd
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    exe=$(readlink "/proc/$p/exe" 2>/dev/null) || continue
    case "$1:${exe##*/}" in tls:dockerd|tls:containerd|tls:containerd-shim*|ssh:sshd) ;; *) continue ;; esac
    cmd=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) || continue
    case "$cmd" in *"$REMOTE_DIR/"*|*"$REMOTE_RUN_DIR/"*) echo "$p" ;; esac
  done
}

# ----------------------------------------------------------------------------------------------- sshd

ssh_running() { pid_alive "$(read_pid "$SSH_PIDFILE")" && [ -n "$(listener_on "127.0.0.1:$SSH_ENGINE_PORT")" ]; }

ssh_material() {
  mkdir -p "$SSH_DIR"
  [ -s "$SSH_DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C "stevedore-bench-host-$BENCH_ID" -f "$SSH_DIR/host_ed25519"
  [ -s "$SSH_DIR/user_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C "stevedore-bench-user-$BENCH_ID" -f "$SSH_DIR/user_ed25519"
  cp "$SSH_DIR/user_ed25519.pub" "$SSH_DIR/authorized_keys"
  cat >"$SSH_DIR/sshd_config" <<EOF
ListenAddress 127.0.0.1:$SSH_ENGINE_PORT
HostKey $SSH_DIR/host_ed25519
PidFile $SSH_PIDFILE
AuthorizedKeysFile $SSH_DIR/authorized_keys
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
SetEnv DOCKER_HOST=$(docker_host)
EOF
}

ssh_start() {
  if ssh_running; then log "sshd already running on 127.0.0.1:$SSH_ENGINE_PORT"; return 0; fi
  command -v /usr/sbin/sshd >/dev/null || die "/usr/sbin/sshd is missing" "the ssh:// engine needs Debian's openssh-server" "run: bash tests/env/install.sh"
  [ -z "$(listener_on "127.0.0.1:$SSH_ENGINE_PORT")" ] || die "127.0.0.1:$SSH_ENGINE_PORT is taken by $(listener_on "127.0.0.1:$SSH_ENGINE_PORT")" \
    "the bench's sshd listens there" "stop that process, then run: bash tests/env/remote.sh start ssh"
  ssh_material
  # sshd needs its privilege-separation dir; remember creating it so stop removes it again.
  [ -e /run/sshd ] || { mkdir -p /run/sshd; record_change "created /run/sshd"; }
  # -D: stays in the foreground under start_daemon's wrapper (its pid file is exact); -e: log to stderr.
  start_daemon "$SSH_DIR/sshd.wrapper.pid" "$SSH_LOG" /usr/sbin/sshd -D -e -f "$SSH_DIR/sshd_config"
  cp "$SSH_DIR/sshd.wrapper.pid" "$SSH_PIDFILE"
  wait_until 20 "sshd on 127.0.0.1:$SSH_ENGINE_PORT" ssh_running ||
    { tail -n 20 "$SSH_LOG" >&2; die "the bench sshd did not start" "see the lines above ($SSH_LOG)" "fix the cause, then run: bash tests/env/remote.sh start ssh"; }
  log "sshd ready on 127.0.0.1:$SSH_ENGINE_PORT (engine: $(docker_host))"
}

ssh_stop() {
  local p
  p=$(read_pid "$SSH_PIDFILE"); [ -n "$p" ] || p=$(read_pid "$SSH_DIR/sshd.wrapper.pid")
  [ -n "$p" ] && stop_pid "$p" "bench sshd" 10
  for p in $(remote_orphans ssh); do stop_pid "$p" "leftover sshd" 10; done
  rm -f "$SSH_PIDFILE" "$SSH_DIR/sshd.wrapper.pid"
  if has_change "created /run/sshd"; then rmdir /run/sshd 2>/dev/null || true; forget_change "created /run/sshd"; fi
}

# ----------------------------------------------------------------------------------------------- state

write_remote_json() {
  local known; known="[127.0.0.1]:$SSH_ENGINE_PORT $(cut -d' ' -f1,2 "$SSH_DIR/host_ed25519.pub")"
  cat >"$REMOTE_JSON.tmp" <<EOF
{
  "tls": {
    "host": "tcp://$TLS_ENGINE_ADDR",
    "address": "$TLS_ENGINE_ADDR",
    "certDir": $(json_str "$TLS_ENGINE_CERTS"),
    "ca": $(json_str "$TLS_ENGINE_CERTS/ca.pem"),
    "cert": $(json_str "$TLS_ENGINE_CERTS/cert.pem"),
    "key": $(json_str "$TLS_ENGINE_CERTS/key.pem"),
    "logFile": $(json_str "$TLS_ENGINE_LOG"),
    "pidFile": $(json_str "$TLS_ENGINE_PIDFILE")
  },
  "ssh": {
    "host": "ssh://root@127.0.0.1:$SSH_ENGINE_PORT",
    "port": $SSH_ENGINE_PORT,
    "user": "root",
    "identityFile": $(json_str "$SSH_DIR/user_ed25519"),
    "hostPublicKey": $(json_str "$(cut -d' ' -f1,2 "$SSH_DIR/host_ed25519.pub")"),
    "knownHostsLine": $(json_str "$known"),
    "engineHost": $(json_str "$(docker_host)"),
    "logFile": $(json_str "$SSH_LOG"),
    "pidFile": $(json_str "$SSH_PIDFILE")
  },
  "script": $(json_str "$ENV_DIR/remote.sh")
}
EOF
  mv "$REMOTE_JSON.tmp" "$REMOTE_JSON"
}

remote_status() {
  local rc=0
  if tls_running; then echo "tls running tcp://$TLS_ENGINE_ADDR pid $(read_pid "$TLS_ENGINE_PIDFILE")"; else echo "tls stopped"; rc=3; fi
  if ssh_running; then echo "ssh running ssh://root@127.0.0.1:$SSH_ENGINE_PORT pid $(read_pid "$SSH_PIDFILE")"; else echo "ssh stopped"; rc=3; fi
  return $rc
}

which=${2:-all}
case "$which" in all|tls|ssh) ;; *) echo "usage: bash tests/env/remote.sh start|stop|status [tls|ssh]" >&2; exit 2 ;; esac
case "${1:-}" in
  status) remote_status ;;
  start)
    require_root; [ "${STEVEDORE_BENCH_LOCK_HELD:-}" = 1 ] || take_lock
    [ "$which" = ssh ] || tls_start
    [ "$which" = tls ] || ssh_start
    tls_material; ssh_material; write_remote_json
    ;;
  stop)
    require_root; [ "${STEVEDORE_BENCH_LOCK_HELD:-}" = 1 ] || take_lock
    [ "$which" = tls ] || ssh_stop
    [ "$which" = ssh ] || tls_stop
    if [ "$which" = all ]; then rm -f "$REMOTE_JSON"; rm -rf "$REMOTE_RUN_DIR"; fi
    log "remote engines stopped ($which)"
    ;;
  *) echo "usage: bash tests/env/remote.sh start|stop|status [tls|ssh]" >&2; exit 2 ;;
esac
