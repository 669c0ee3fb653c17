#!/usr/bin/env bash
# Starts the test bench: a private Docker engine (unless STEVEDORE_TEST_DOCKER_HOST names one),
# three registries (htpasswd over HTTP, htpasswd over TLS, anonymous), a token-auth registry (token.sh), seeded test images, then
# checks every behaviour the tests rely on and writes .state/bench.json. Rerunning restarts it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root

START_NS=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - START_NS) / 1000000 ))ms"; }

bash "$ENV_DIR/install.sh"
take_lock

SMOKE_PORT=127.0.0.1:5998
STEP_LOG="$LOG_DIR/up-steps.log"
mkdir -p "$LOG_DIR" "$CACHE_DIR" "$TLS_DIR" "$REG_DIR" "$REG_DATA_DIR" "$DOCKER_CONFIG_DIR"

SMALL_PLAIN="$PLAIN_ADDR/stevedore/small:1.0"
SMALL_TLS="$TLS_ADDR/stevedore/small:1.0"
SMALL_UNTRUSTED="$TLS_UNTRUSTED_ADDR/stevedore/small:1.0"
SMALL_ANON="$ANON_ADDR/stevedore/small:1.0"
SMALL_ANON_LIBRARY="$ANON_ADDR/library/small:1.0"
LARGE="$PLAIN_ADDR/stevedore/large:1.0"
MULTI="$PLAIN_ADDR/stevedore/multi:1.0"
BASE_TAG=stevedore-bench/base:1.0
TOKEN_PUBLIC="$TOKEN_ADDR/public/small:1.0"
TOKEN_TEAM_APP="$TOKEN_ADDR/team/app:1.0"
TEST_REFS=("$SMALL_PLAIN" "$SMALL_TLS" "$SMALL_ANON" "$SMALL_ANON_LIBRARY" "$LARGE" "$MULTI" "$BASE_TAG" "$TOKEN_PUBLIC" "$TOKEN_TEAM_APP")

# Leaves an engine (possibly the developer's own) without the bench's images, containers and
# logins, whether up.sh succeeded or stopped half-way.
engine_tidy() {
  local c
  for c in stevedore-bench-web $(dk ps -aq --filter label=com.docker.compose.project=stevedore-bench-smoke 2>/dev/null); do
    dk rm -f "$c" >/dev/null 2>&1 || true
  done
  dk network rm stevedore-bench-check stevedore-bench-smoke_default >/dev/null 2>&1 || true
  local a; for a in "$PLAIN_ADDR" "$TLS_ADDR" "$TLS_UNTRUSTED_ADDR" "$ANON_ADDR" "$TOKEN_ADDR"; do dk logout "$a" >/dev/null 2>&1 || true; done
  dk rmi -f "${TEST_REFS[@]}" >/dev/null 2>&1 || true
}
# A failed up leaves nothing running (logs stay in .state/logs for the post-mortem).
on_exit() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    [ -z "${ENGINE_READY:-}" ] || engine_tidy
    log "up.sh failed: stopping what it started (logs kept in $LOG_DIR)"
    (bench_down) || true
  fi
  return "$rc"
}
trap on_exit EXIT

# run WHAT FIX CMD... — output goes to the step log; on failure show it and stop with context.
run() {
  local what=$1 fix=$2; shift 2
  printf '\n[%s] $ %s\n' "$(date +%T.%3N)" "$*" >>"$STEP_LOG"
  if ! "$@" >>"$STEP_LOG" 2>&1; then
    tail -n 15 "$STEP_LOG" >&2
    die "$what" "the command above failed: $*" "$fix (full log: $STEP_LOG)"
  fi
}

# expect_failure WHAT PATTERN CMD... — for the error cases tests depend on (auth, TLS, platform).
expect_failure() {
  local what=$1 pattern=$2 out; shift 2
  printf '\n[%s] $ %s   (must fail with: %s)\n' "$(date +%T.%3N)" "$*" "$pattern" >>"$STEP_LOG"
  if out=$("$@" 2>&1); then
    echo "$out" >>"$STEP_LOG"
    die "check failed: $what" "'$*' succeeded but must fail with '$pattern'" "see $STEP_LOG"
  fi
  echo "$out" >>"$STEP_LOG"
  grep -qiE "$pattern" <<<"$out" || die "check failed: $what" "'$*' failed with: $out" \
    "expected an error matching '$pattern'; see $STEP_LOG"
}

# ------------------------------------------------------------------ 1. clean slate
command -v node >/dev/null || die "node is not on PATH" "the bench writes bench.json and pushes the manifest list with Node" \
  "install Node 20 (the project's toolchain) and rerun"
log "stopping anything a previous run left"
bench_down
# Logs describe the current run only (they would otherwise grow with every up).
rm -f "$LOG_DIR"/*.log
: >"$STEP_LOG"

need_free() {
  local addr=$1 holder
  holder=$(listener_on "$addr")
  [ -z "$holder" ] || die "$addr is already in use ($holder)" \
    "the bench needs it (registries, closed-port and compose checks); another program or another checkout's bench holds it" \
    "stop that program (for another checkout: bash <that checkout>/tests/env/down.sh) and rerun"
}
for a in "$PLAIN_ADDR" "[::1]:$TLS_PORT" "$ANON_ADDR" "$TOKEN_ADDR" "$TOKEN_SERVER_ADDR" "$CLOSED_PORT" "$SMOKE_PORT"; do need_free "$a"; done
ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/128' || die "IPv6 loopback (::1) is not available" \
  "the TLS registry must listen outside 127.0.0.0/8, which Docker always treats as insecure" \
  "enable it: sysctl -w net.ipv6.conf.lo.disable_ipv6=0"
# No bench is running (ports were free), so marked lines of any checkout are stale.
hosts_remove "$HOSTS_MARK_ANY"

# ------------------------------------------------------------------ 2. TLS material and host names
tls_valid() {
  [ -s "$TLS_DIR/ca.crt" ] && [ -s "$TLS_DIR/server.crt" ] && [ -s "$TLS_DIR/server.key" ] || return 1
  openssl x509 -in "$TLS_DIR/server.crt" -noout -checkend 604800 >/dev/null 2>&1 || return 1
  openssl verify -CAfile "$TLS_DIR/ca.crt" "$TLS_DIR/server.crt" >/dev/null 2>&1 || return 1
  local san; san=$(openssl x509 -in "$TLS_DIR/server.crt" -noout -ext subjectAltName 2>/dev/null)
  grep -q "DNS:$TLS_HOST" <<<"$san" && grep -q "DNS:$TLS_UNTRUSTED_HOST" <<<"$san" && grep -q 'IP Address:0:0:0:0:0:0:0:1' <<<"$san"
}
if ! tls_valid; then
  log "creating the bench CA and the TLS registry's certificate"
  rm -f "$TLS_DIR"/*
  run "could not create the bench CA" "check openssl" \
    openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 3650 \
      -subj "/CN=Stevedore test bench CA ($BENCH_ID)" -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.crt" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
  run "could not create the registry key" "check openssl" \
    openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -subj "/CN=$TLS_HOST" \
      -keyout "$TLS_DIR/server.key" -out "$TLS_DIR/server.csr"
  printf 'subjectAltName=DNS:%s,DNS:%s,IP:::1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
    "$TLS_HOST" "$TLS_UNTRUSTED_HOST" >"$TLS_DIR/server.ext"
  run "could not sign the registry certificate" "check openssl" \
    openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/ca.crt" -CAkey "$TLS_DIR/ca.key" -CAcreateserial \
      -days 825 -extfile "$TLS_DIR/server.ext" -out "$TLS_DIR/server.crt"
  chmod 600 "$TLS_DIR"/*.key
  tls_valid || die "the generated registry certificate does not verify" "" "rm -rf $TLS_DIR and rerun; see $STEP_LOG"
fi

# Before the engine starts: Go caches /etc/hosts for a few seconds once it has read it.
hosts_add
# Trust the CA for registry.test only: untrusted.test is the same server, seen without trust.
[ -d /etc/docker/certs.d ] || record_change "created /etc/docker/certs.d"
mkdir -p "$CERTS_D_DIR"
cp "$TLS_DIR/ca.crt" "$CERTS_D_DIR/ca.crt"
record_change "created $CERTS_D_DIR/ca.crt"

# ------------------------------------------------------------------ 3. engine
if [ -n "${STEVEDORE_TEST_DOCKER_HOST:-}" ]; then
  echo external >"$STATE_DIR/engine-mode"
  log "using the developer's engine at $STEVEDORE_TEST_DOCKER_HOST (it will not be started or stopped)"
  dk version >/dev/null 2>&1 || die "the engine at STEVEDORE_TEST_DOCKER_HOST=$STEVEDORE_TEST_DOCKER_HOST does not answer" \
    "$(dk version 2>&1 | tail -n 1)" "start it, or unset STEVEDORE_TEST_DOCKER_HOST to let the bench run its own"
  OWNS_ENGINE=false
else
  echo owned >"$STATE_DIR/engine-mode"
  engine_start
  OWNS_ENGINE=true
fi
mkdir -p "$RUN_DIR"
ENGINE_READY=1
ENGINE_VERSION=$(dk version --format '{{.Server.Version}}')
ENGINE_API=$(dk version --format '{{.Server.APIVersion}}')
STORAGE_DRIVER=$(dk info --format '{{.Driver}}')

# ------------------------------------------------------------------ 4. registries
write_registry_config() {
  local name=$1 addr=$2 user=${3:-} pass=${4:-}
  local dir="$REG_DIR/$name"
  mkdir -p "$dir" "$REG_DATA_DIR/$name"
  [ -s "$dir/http-secret" ] || head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$dir/http-secret"
  local auth='' tls=''
  if [ -n "$user" ]; then
    # bcrypt (-B), as Docker's registry only accepts bcrypt entries.
    htpasswd -Bbn "$user" "$pass" >"$dir/htpasswd"
    auth=", \"auth\": { \"htpasswd\": { \"realm\": \"stevedore-bench-$name\", \"path\": $(json_str "$dir/htpasswd") } }"
  fi
  if [ "$name" = tls ]; then
    tls=", \"tls\": { \"certificate\": $(json_str "$TLS_DIR/server.crt"), \"key\": $(json_str "$TLS_DIR/server.key") }"
  fi
  # JSON is valid YAML, and spares us YAML quoting rules for paths.
  cat >"$dir/config.yml" <<EOF
{
  "version": "0.1",
  "log": { "level": "info", "formatter": "text", "fields": { "registry": "$name" } },
  "storage": {
    "filesystem": { "rootdirectory": $(json_str "$REG_DATA_DIR/$name") },
    "delete": { "enabled": true },
    "cache": { "blobdescriptor": "inmemory" },
    "maintenance": { "uploadpurging": { "enabled": false } }
  },
  "http": {
    "addr": "$addr",
    "secret": "$(cat "$dir/http-secret")",
    "headers": { "X-Content-Type-Options": ["nosniff"] }$tls
  }$auth
}
EOF
}
write_registry_config plain "$PLAIN_ADDR" "$PLAIN_USER" "$PLAIN_PASS"
write_registry_config tls "[::1]:$TLS_PORT" "$TLS_USER" "$TLS_PASS"
write_registry_config anon "$ANON_ADDR"

for name in "${REGISTRY_NAMES[@]}"; do registry_start "$name"; done
code=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "http://$PLAIN_ADDR/v2/" || true)
[ "$code" = 401 ] || die "the plain registry answers HTTP $code without credentials" "htpasswd auth is not active" "see $REG_DIR/plain/config.yml"
log "registries up ($(elapsed))"

# ------------------------------------------------------------------ 5. seed images
LARGE_LAYERS=6
LARGE_LAYER_BYTES=$((50 * 1024 * 1024))

# in_registry REGISTRY REPO:TAG — the registry storage survives down.sh, so most runs skip seeding.
in_registry() {
  local repo=${2%:*} tag=${2##*:} code
  code=$(registry_curl "$1" -I -o /dev/null -w '%{http_code}' \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json' \
    "$(registry_url "$1")/v2/$repo/manifests/$tag" 2>/dev/null) || return 1
  [ "$code" = 200 ]
}

docker_login() {
  case "$1" in
    plain) printf '%s' "$PLAIN_PASS" | dkt 60 login -u "$PLAIN_USER" --password-stdin "$PLAIN_ADDR" ;;
    tls) printf '%s' "$TLS_PASS" | dkt 60 login -u "$TLS_USER" --password-stdin "$TLS_ADDR" ;;
  esac
}
logout_all() { local a; for a in "$PLAIN_ADDR" "$TLS_ADDR" "$TLS_UNTRUSTED_ADDR" "$ANON_ADDR"; do dk logout "$a" >/dev/null 2>&1 || true; done; }

# The base image: static busybox plus one symlink per applet, and a page for httpd to serve.
base_rootfs() {
  local tar="$CACHE_DIR/busybox-rootfs.tar" bb root
  [ -s "$tar" ] && { echo "$tar"; return 0; }
  bb=$(readlink -f "$(command -v busybox)") || die "busybox not found" "" "run: bash tests/env/install.sh"
  ! ldd "$bb" >/dev/null 2>&1 || die "$bb is not statically linked" "the image has no libc" "apt-get install busybox-static"
  root=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
  mkdir -p "$root"/{bin,etc,tmp,root,proc,sys,dev,var/www,usr}
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  local a
  for a in $("$bb" --list); do [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"; done
  ln -s ../bin "$root/usr/bin"; ln -s ../bin "$root/usr/sbin"; ln -s bin "$root/sbin"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  echo 'stevedore test bench' >"$root/var/www/index.html"
  tar -C "$root" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$tar.tmp" .
  rm -rf "$root"
  mv "$tar.tmp" "$tar"
  echo "$tar"
}

ensure_base_image() {
  dk image inspect "$BASE_TAG" >/dev/null 2>&1 && return 0
  run "could not import the busybox base image into the engine" "check the engine log $LOG_DIR/dockerd.log" \
    dk import -c 'CMD ["sh"]' -c 'ENV PATH=/bin' -c 'LABEL org.opencontainers.image.title=stevedore-test-small' \
      "$(base_rootfs)" "$BASE_TAG"
}

large_context() {
  local dir="$CACHE_DIR/large" i f
  mkdir -p "$dir"
  {
    echo "FROM $BASE_TAG"
    for i in $(seq 1 "$LARGE_LAYERS"); do echo "COPY layer-$i.bin /data/layer-$i.bin"; done
    echo 'LABEL org.opencontainers.image.title=stevedore-test-large'
  } >"$dir/Dockerfile"
  for i in $(seq 1 "$LARGE_LAYERS"); do
    f="$dir/layer-$i.bin"
    # Random bytes do not compress, so the registry blobs keep their full size (real progress).
    if [ "$(stat -c %s "$f" 2>/dev/null || echo 0)" != "$LARGE_LAYER_BYTES" ]; then
      head -c "$LARGE_LAYER_BYTES" /dev/urandom >"$f.tmp" && mv "$f.tmp" "$f"
    fi
  done
  echo "$dir"
}

seed() {
  local need_small=() ref
  in_registry plain stevedore/small:1.0 || need_small+=("$SMALL_PLAIN")
  in_registry tls stevedore/small:1.0 || need_small+=("$SMALL_TLS")
  in_registry anon stevedore/small:1.0 || need_small+=("$SMALL_ANON")
  in_registry anon library/small:1.0 || need_small+=("$SMALL_ANON_LIBRARY")
  local need_large=0 need_multi=0
  in_registry plain stevedore/large:1.0 || need_large=1
  in_registry plain stevedore/multi:1.0 || need_multi=1
  if [ "${#need_small[@]}" = 0 ] && [ "$need_large" = 0 ] && [ "$need_multi" = 0 ]; then
    log "test images already in the registries (kept from an earlier run)"
    return 0
  fi
  log "seeding test images"
  ensure_base_image
  run "docker login to the plain registry failed" "check $LOG_DIR/registry-plain.log" docker_login plain
  run "docker login to the TLS registry failed" "check $LOG_DIR/registry-tls.log and $CERTS_D_DIR" docker_login tls
  for ref in "${need_small[@]}"; do
    run "could not tag $ref" "" dk tag "$BASE_TAG" "$ref"
    run "could not push $ref" "check the registry log in $LOG_DIR" dkt 300 push "$ref"
  done
  if [ "$need_large" = 1 ]; then
    local ctx; ctx=$(large_context)
    log "building and pushing the ~300 MB image $LARGE"
    run "could not build the large test image" "check disk space and $LOG_DIR/dockerd.log" \
      dkt 600 build -q -t "$LARGE" "$ctx"
    run "could not push $LARGE" "check disk space and $LOG_DIR/registry-plain.log" dkt 900 push "$LARGE"
  fi
  if [ "$need_multi" = 1 ]; then
    run "could not push the multi-platform manifest list $MULTI" "see the error above" \
      env REG_USER="$PLAIN_USER" REG_PASS="$PLAIN_PASS" node "$ENV_DIR/seed-multiplatform.mjs" \
        "http://$PLAIN_ADDR" stevedore/small:1.0 stevedore/multi:1.0
  fi
  logout_all
  for ref in "${need_small[@]}" "$LARGE" "$BASE_TAG"; do dk rmi -f "$ref" >/dev/null 2>&1 || true; done
  in_registry plain stevedore/small:1.0 && in_registry tls stevedore/small:1.0 && in_registry anon stevedore/small:1.0 &&
    in_registry anon library/small:1.0 && in_registry plain stevedore/large:1.0 && in_registry plain stevedore/multi:1.0 ||
    die "seeding finished but an image is missing from a registry" "a push went wrong" "see $STEP_LOG"
  log "seeded ($(elapsed))"
}
seed

# The token-auth registry and its token server (own script, so it can be restarted alone); seeds from anon.
run "the token registry did not start" "see $LOG_DIR/token-server.log and $LOG_DIR/registry-token.log" \
  env STEVEDORE_BENCH_LOCK_HELD=1 bash "$ENV_DIR/token.sh" start
log "token registry up ($(elapsed))"

# ------------------------------------------------------------------ 6. checks
# engine_get PATH [HEADER] — raw Engine API call, as the app makes it.
engine_get() {
  local host; host=$(docker_host)
  local hdr=(); [ -n "${2:-}" ] && hdr=(-H "$2")
  case "$host" in
    unix://*) curl -sS --max-time 30 --unix-socket "${host#unix://}" "${hdr[@]}" "http://d$1" ;;
    tcp://*) curl -sS --max-time 30 "${hdr[@]}" "http://${host#tcp://}$1" ;;
    *) return 2 ;;
  esac
}

check_registry_contents() {
  local m size layers
  m=$(registry_curl plain -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$PLAIN_ADDR/v2/stevedore/large/manifests/1.0")
  layers=$(grep -o '"digest"' <<<"$m" | wc -l)
  size=$(grep -o '"size": *[0-9]*' <<<"$m" | tr -dc '0-9\n' | awk '{ s += $1 } END { print s }')
  [ "$layers" -ge $((LARGE_LAYERS + 2)) ] && [ "$size" -ge $((LARGE_LAYERS * LARGE_LAYER_BYTES)) ] ||
    die "check failed: $LARGE has $((layers - 1)) layers / $size bytes" "expected $((LARGE_LAYERS + 1)) layers and ~300 MB" \
      "run: bash tests/env/down.sh --purge && bash tests/env/up.sh"
  LARGE_BYTES=$size
}

check_pulls() {
  logout_all
  expect_failure "pulling from the plain registry without credentials" 'no basic auth credentials|unauthorized' \
    dkt 60 pull -q "$SMALL_PLAIN"
  run "pull with credentials from the plain registry failed" "check $LOG_DIR/registry-plain.log" docker_login plain
  run "pull of $SMALL_PLAIN failed" "check $LOG_DIR/registry-plain.log" dkt 120 pull -q "$SMALL_PLAIN"
  run "login to the TLS registry failed" "check $CERTS_D_DIR/ca.crt and /etc/hosts" docker_login tls
  run "pull of $SMALL_TLS failed" "check $LOG_DIR/registry-tls.log" dkt 120 pull -q "$SMALL_TLS"
  expect_failure "pulling from the untrusted TLS name must be a TLS error" 'x509: certificate signed by unknown authority' \
    dkt 60 pull -q "$SMALL_UNTRUSTED"
  run "anonymous pull of $SMALL_ANON failed" "check $LOG_DIR/registry-anon.log" dkt 120 pull -q "$SMALL_ANON"

  local auth dist
  auth=$(printf '{"username":"%s","password":"%s","serveraddress":"%s"}' "$PLAIN_USER" "$PLAIN_PASS" "$PLAIN_ADDR" | base64 -w0 | tr '+/' '-_')
  dist=$(engine_get "/distribution/$MULTI/json" "X-Registry-Auth: $auth" || true)
  echo "distribution $MULTI: $dist" >>"$STEP_LOG"
  if [ -n "$dist" ]; then
    grep -q '"architecture":"amd64"' <<<"$dist" && grep -q '"architecture":"arm64"' <<<"$dist" ||
      die "check failed: the engine does not list linux/amd64 and linux/arm64 for $MULTI" "got: $dist" "see $STEP_LOG"
  fi
  expect_failure "pulling a platform the manifest list lacks" 'no matching manifest' \
    dkt 60 pull -q --platform linux/s390x "$MULTI"
  run "pull of $MULTI for linux/amd64 failed" "see $STEP_LOG" dkt 120 pull -q --platform linux/amd64 "$MULTI"
  expect_failure "a closed port must refuse connections" 'connection refused' \
    dkt 60 pull -q "$CLOSED_PORT/stevedore/small:1.0"
  logout_all
}

# What the tests rely on from the token registry: anonymous pulls of public/* work, and an anonymous pull of a
# protected repository gets Docker Hub's exact answer.
check_token_registry() {
  run "anonymous pull of $TOKEN_PUBLIC from the token registry failed" "see $LOG_DIR/token-server.log" dkt 120 pull -q "$TOKEN_PUBLIC"
  expect_failure "an anonymous pull of $TOKEN_TEAM_APP must be denied" \
    "pull access denied for $TOKEN_ADDR/team/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied" \
    dkt 60 pull -q "$TOKEN_TEAM_APP"
}

check_networking() {
  local net=stevedore-bench-check out
  dk rm -f stevedore-bench-web >/dev/null 2>&1 || true
  dk network rm "$net" >/dev/null 2>&1 || true
  run "could not create a user-defined network on the engine" "see $LOG_DIR/dockerd.log" dk network create "$net"
  run "could not start a container on a user-defined network" "see $LOG_DIR/dockerd.log" \
    dk run -d --name stevedore-bench-web --network "$net" --network-alias web "$SMALL_ANON" httpd -f -p 8080 -h /var/www
  printf '\n$ wget http://web:8080/ from a second container\n' >>"$STEP_LOG"
  out=$(dkt 60 run --rm --network "$net" "$SMALL_ANON" \
    sh -c 'for i in $(seq 1 50); do wget -qO- http://web:8080/ && exit 0; sleep 0.2; done; exit 1' 2>>"$STEP_LOG" || true)
  echo "$out" >>"$STEP_LOG"
  dk rm -f stevedore-bench-web >/dev/null 2>&1 || true
  dk network rm "$net" >/dev/null 2>&1 || true
  [ "$out" = 'stevedore test bench' ] || die "check failed: a container cannot reach another by name on a user-defined network" \
    "got '$out'" "see $STEP_LOG and $LOG_DIR/dockerd.log"
}

container_exited() { [ "$(dk inspect -f '{{.State.Status}}' "$1")" = exited ]; }

check_compose() {
  local dir; dir=$(mktemp -d "$RUN_DIR/compose-smoke.XXXXXX")
  cat >"$dir/compose.yaml" <<EOF
name: stevedore-bench-smoke
services:
  web:
    image: $SMALL_ANON
    command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"]
    ports: ["$SMALL_PORT_SPEC"]
  probe:
    image: $SMALL_ANON
    command: ["sh", "-c", "for i in \$\$(seq 1 50); do wget -qO- http://web:8080/ && exit 0; sleep 0.2; done; exit 1"]
    depends_on: [web]
EOF
  local c=(timeout 120 env DOCKER_CONFIG="$DOCKER_CONFIG_DIR" DOCKER_HOST="$(docker_host)" "$DOCKER_CLI" compose -f "$dir/compose.yaml")
  run "docker compose up failed" "see $STEP_LOG" "${c[@]}" up -d --pull never
  local probe state=''
  probe=$("${c[@]}" ps -a -q probe)
  wait_until 30 "compose probe to finish" container_exited "$probe" || true
  state=$(dk inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$probe" 2>&1 || true)
  local page; page=$(curl -sS --max-time 5 "http://$SMOKE_PORT/" 2>&1 || true)
  "${c[@]}" logs >>"$STEP_LOG" 2>&1 || true
  # busybox httpd as PID 1 ignores SIGTERM, so a polite stop would wait the full 10 s.
  run "docker compose down failed" "see $STEP_LOG" "${c[@]}" down --remove-orphans --timeout 0
  rm -rf "$dir"
  [ "$state" = 'exited 0' ] || die "check failed: compose service 'probe' could not reach service 'web' by name" "probe: $state" "see $STEP_LOG"
  [ "$page" = 'stevedore test bench' ] || die "check failed: published port $SMOKE_PORT did not answer" "got: $page" "see $STEP_LOG"
}
SMALL_PORT_SPEC="$SMOKE_PORT:8080"

log "checking auth, TLS, platforms, networking and compose"
check_registry_contents
check_pulls; log "  check_pulls done"
check_token_registry; log "  check_token_registry done"
check_networking; log "  check_networking done"
check_compose; log "  check_compose done"

# Tests start from an engine without test images: they pull them.
engine_tidy
if [ "$OWNS_ENGINE" = true ]; then
  left=$(dk images -aq)
  [ -z "$left" ] || { log "removing leftover images from the bench engine"; dk rmi -f $left >/dev/null 2>&1 || true; }
  dk volume prune -f >/dev/null 2>&1 || true
fi

log "test images removed from the engine"
# The remote engines (own script, stopped/started alone by tests): a mutual-TLS engine on tcp://127.0.0.1:2376 and
# a private sshd on 127.0.0.1:2223 in front of the bench engine; they write .state/remote.json (bench.engines).
run "the remote engines did not start" "see $LOG_DIR/remote-tls-dockerd.log and $LOG_DIR/remote-sshd.log" \
  env STEVEDORE_BENCH_LOCK_HELD=1 bash "$ENV_DIR/remote.sh" start
log "remote engines up ($(elapsed))"
# The Swarm engine (own script): a third private engine, a single-node Swarm manager; writes .state/swarm.json.
run "the Swarm engine did not start" "see $LOG_DIR/swarm-dockerd.log" \
  env STEVEDORE_BENCH_LOCK_HELD=1 bash "$ENV_DIR/swarm.sh" start
log "Swarm engine up ($(elapsed))"
# ------------------------------------------------------------------ 7. state files
COMPOSE_VERSION=$("$COMPOSE_BIN" version --short)
B_DOCKER_HOST="$(docker_host)"
export B_DOCKER_HOST B_OWNS="$OWNS_ENGINE" B_ENGINE_VERSION="$ENGINE_VERSION" B_ENGINE_API="$ENGINE_API" \
  B_STORAGE="$STORAGE_DRIVER" B_DOCKER_CLI="$DOCKER_CLI" B_DOCKER_CONFIG="$DOCKER_CONFIG_DIR" B_COMPOSE="$COMPOSE_BIN" \
  B_COMPOSE_VERSION="$COMPOSE_VERSION" B_CA="$TLS_DIR/ca.crt" B_STATE="$STATE_DIR" B_ENV_DIR="$ENV_DIR" B_LOG_DIR="$LOG_DIR" \
  B_SOCK="$ENGINE_SOCK" B_PLAIN="$PLAIN_ADDR" B_PLAIN_USER="$PLAIN_USER" B_PLAIN_PASS="$PLAIN_PASS" B_TLS="$TLS_ADDR" \
  B_TLS_UNTRUSTED="$TLS_UNTRUSTED_ADDR" B_TLS_USER="$TLS_USER" B_TLS_PASS="$TLS_PASS" B_TLS_LISTEN="[::1]:$TLS_PORT" \
  B_ANON="$ANON_ADDR" B_CLOSED="$CLOSED_PORT" B_UNRESOLVABLE="$UNRESOLVABLE_HOST" B_CERTS_D="$CERTS_D_DIR/ca.crt" \
  B_SMALL_PLAIN="$SMALL_PLAIN" B_SMALL_TLS="$SMALL_TLS" B_SMALL_UNTRUSTED="$SMALL_UNTRUSTED" B_SMALL_ANON="$SMALL_ANON" \
  B_SMALL_ANON_LIBRARY="$SMALL_ANON_LIBRARY" B_LARGE="$LARGE" B_LARGE_BYTES="$LARGE_BYTES" B_MULTI="$MULTI" \
  B_REG_DIR="$REG_DIR" B_BENCH_JSON="$BENCH_JSON"
node - <<'EOF'
const e = process.env;
const fs = require('node:fs');
const reg = (name, extra) => ({
  ...extra,
  url: `${name === 'tls' ? 'https' : 'http'}://${extra.address}`,
  logFile: `${e.B_LOG_DIR}/registry-${name}.log`,
  pidFile: `${e.B_REG_DIR}/${name}/registry.pid`,
});
const bench = {
  version: 1,
  createdAt: new Date().toISOString(),
  stateDir: e.B_STATE,
  dockerHost: e.B_DOCKER_HOST,
  ownsEngine: e.B_OWNS === 'true',
  engineSocket: e.B_OWNS === 'true' ? e.B_SOCK : null,
  engineVersion: e.B_ENGINE_VERSION,
  engineApiVersion: e.B_ENGINE_API,
  storageDriver: e.B_STORAGE,
  dockerCli: e.B_DOCKER_CLI,
  dockerConfigDir: e.B_DOCKER_CONFIG,
  composeBinary: e.B_COMPOSE,
  composeVersion: e.B_COMPOSE_VERSION,
  caCert: e.B_CA,
  trustedCaInstalledAt: e.B_CERTS_D,
  registries: {
    plain: reg('plain', { address: e.B_PLAIN, listen: e.B_PLAIN, username: e.B_PLAIN_USER, password: e.B_PLAIN_PASS }),
    tls: reg('tls', {
      address: e.B_TLS,
      untrustedAddress: e.B_TLS_UNTRUSTED,
      listen: e.B_TLS_LISTEN,
      username: e.B_TLS_USER,
      password: e.B_TLS_PASS,
    }),
    anon: reg('anon', { address: e.B_ANON, listen: e.B_ANON }),
  },
  images: {
    small: {
      plain: e.B_SMALL_PLAIN,
      tls: e.B_SMALL_TLS,
      untrusted: e.B_SMALL_UNTRUSTED,
      anon: e.B_SMALL_ANON,
      anonLibrary: e.B_SMALL_ANON_LIBRARY,
    },
    large: e.B_LARGE,
    largeBytes: Number(e.B_LARGE_BYTES),
    multi: e.B_MULTI,
    multiPlatforms: ['linux/amd64', 'linux/arm64/v8'],
  },
  closedPort: e.B_CLOSED,
  unresolvableHost: e.B_UNRESOLVABLE,
  logDir: e.B_LOG_DIR,
  scripts: { engine: `${e.B_ENV_DIR}/engine.sh`, registry: `${e.B_ENV_DIR}/registry.sh` },
};
fs.writeFileSync(e.B_BENCH_JSON + '.tmp', JSON.stringify(bench, null, 2) + '\n');
fs.renameSync(e.B_BENCH_JSON + '.tmp', e.B_BENCH_JSON);
EOF
cat >"$BENCH_ENV" <<EOF
# Test bench endpoints for a shell: source $BENCH_ENV
export DOCKER_HOST='$(docker_host)'
export DOCKER_CONFIG='$DOCKER_CONFIG_DIR'
export STEVEDORE_BENCH_FILE='$BENCH_JSON'
EOF

cat >&2 <<EOF
[bench] up in $(elapsed)
  engine     $(docker_host)  (docker $ENGINE_VERSION, $STORAGE_DRIVER$([ "$OWNS_ENGINE" = true ] && echo ', owned by the bench' || echo ', external'))
  compose    $COMPOSE_VERSION  (DOCKER_CONFIG=$DOCKER_CONFIG_DIR)
  plain      $PLAIN_ADDR        $PLAIN_USER / $PLAIN_PASS  (htpasswd, HTTP)
  tls        $TLS_ADDR    $TLS_USER / $TLS_PASS  (CA $TLS_DIR/ca.crt; $TLS_UNTRUSTED_ADDR gives x509 errors)
  anon       $ANON_ADDR        (no auth)
  token      $TOKEN_ADDR        carol / dave / erin  (token auth, realm http://$TOKEN_SERVER_ADDR/token; .state/token.json)
  images     $SMALL_PLAIN, $LARGE, $MULTI, ...
  state      $BENCH_JSON   (shell: source $BENCH_ENV)
  stop with  bash tests/env/down.sh
EOF
