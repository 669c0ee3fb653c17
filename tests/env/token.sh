#!/usr/bin/env bash
# The bench's token-auth registry: Docker's registry with `auth: token` (the scheme of Docker Hub, GHCR, GitLab,
# Harbor, Quay) and the small token server tests/env/token-server.mjs that issues its scoped JWTs. It runs
# beside the rest of the bench: up.sh starts it, down.sh stops it, and it can be restarted alone.
#   bash tests/env/token.sh start    # (re)start both, seed team/app, team/tool, public/small, write .state/token.json
#   bash tests/env/token.sh stop     # stop both, remove .state/token.json
#   bash tests/env/token.sh status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TOKEN_STATE_DIR="$REG_DIR/token"
TOKEN_JSON="$STATE_DIR/token.json"
TOKEN_REGISTRY_PIDFILE="$TOKEN_STATE_DIR/registry.pid"
TOKEN_SERVER_PIDFILE="$TOKEN_STATE_DIR/token-server.pid"
TOKEN_REGISTRY_LOG="$LOG_DIR/registry-token.log"
TOKEN_SERVER_LOG="$LOG_DIR/token-server.log"
TOKEN_REALM="http://$TOKEN_SERVER_ADDR/token"
TOKEN_SERVICE="stevedore-bench-token"
TOKEN_ISSUER="stevedore-bench-token-issuer"
SEED_FROM="stevedore/small:1.0"
SEED_IMAGES=(team/app:1.0 team/tool:1.0 public/small:1.0)

token_server_ready() {
  # An anonymous token request for our service answers 200 with a token.
  curl -fsS --max-time 3 "$TOKEN_REALM?service=$TOKEN_SERVICE" 2>/dev/null | grep -q '"token"'
}

token_registry_ready() {
  # Without a token the registry must answer 401 with a Bearer challenge naming our realm.
  curl -sS --max-time 3 -o /dev/null -D - "http://$TOKEN_ADDR/v2/" 2>/dev/null |
    grep -qi "^www-authenticate: Bearer realm=\"$TOKEN_REALM\""
}

token_running() {
  pid_alive "$(read_pid "$TOKEN_SERVER_PIDFILE")" && pid_alive "$(read_pid "$TOKEN_REGISTRY_PIDFILE")" &&
    token_server_ready && token_registry_ready && [ -s "$TOKEN_JSON" ]
}

# RSA key and self-signed certificate: the server signs with the key and puts the certificate in each token's
# x5c header; the registry trusts that same certificate as its rootcertbundle.
token_material() {
  if [ -s "$TOKEN_STATE_DIR/signing.key" ] && [ -s "$TOKEN_STATE_DIR/signing.crt" ] &&
    openssl x509 -in "$TOKEN_STATE_DIR/signing.crt" -noout -checkend 604800 >/dev/null 2>&1; then
    return 0
  fi
  openssl req -x509 -new -nodes -newkey rsa:2048 -days 3650 -subj "/CN=Stevedore bench token signer ($BENCH_ID)" \
    -keyout "$TOKEN_STATE_DIR/signing.key" -out "$TOKEN_STATE_DIR/signing.crt" >>"$TOKEN_SERVER_LOG" 2>&1 ||
    die "could not create the token signing key" "openssl failed" "see $TOKEN_SERVER_LOG"
  chmod 600 "$TOKEN_STATE_DIR/signing.key"
}

token_write_configs() {
  mkdir -p "$TOKEN_STATE_DIR" "$REG_DATA_DIR/token" "$LOG_DIR"
  [ -s "$TOKEN_STATE_DIR/http-secret" ] || head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$TOKEN_STATE_DIR/http-secret"
  token_material
  cat >"$TOKEN_STATE_DIR/server.json" <<EOF
{
  "listen": "$TOKEN_SERVER_ADDR",
  "service": "$TOKEN_SERVICE",
  "issuer": "$TOKEN_ISSUER",
  "keyFile": $(json_str "$TOKEN_STATE_DIR/signing.key"),
  "certFile": $(json_str "$TOKEN_STATE_DIR/signing.crt"),
  "users": {
    $(json_str "$TOKEN_CAROL_USER"): $(json_str "$TOKEN_CAROL_PASS"),
    $(json_str "$TOKEN_DAVE_USER"): $(json_str "$TOKEN_DAVE_PASS"),
    $(json_str "$TOKEN_ERIN_USER"): $(json_str "$TOKEN_ERIN_PASS"),
    $(json_str "$TOKEN_ADMIN_USER"): $(json_str "$TOKEN_ADMIN_PASS")
  }
}
EOF
  chmod 600 "$TOKEN_STATE_DIR/server.json"
  # JSON is valid YAML, and spares us YAML quoting rules for paths.
  cat >"$TOKEN_STATE_DIR/config.yml" <<EOF
{
  "version": "0.1",
  "log": { "level": "info", "formatter": "text", "fields": { "registry": "token" } },
  "storage": {
    "filesystem": { "rootdirectory": $(json_str "$REG_DATA_DIR/token") },
    "delete": { "enabled": true },
    "cache": { "blobdescriptor": "inmemory" },
    "maintenance": { "uploadpurging": { "enabled": false } }
  },
  "http": {
    "addr": "$TOKEN_ADDR",
    "secret": "$(cat "$TOKEN_STATE_DIR/http-secret")",
    "headers": { "X-Content-Type-Options": ["nosniff"] }
  },
  "auth": {
    "token": {
      "realm": "$TOKEN_REALM",
      "service": "$TOKEN_SERVICE",
      "issuer": "$TOKEN_ISSUER",
      "rootcertbundle": $(json_str "$TOKEN_STATE_DIR/signing.crt")
    }
  }
}
EOF
}

token_stop() {
  rm -f "$TOKEN_JSON"
  stop_pid "$(read_pid "$TOKEN_REGISTRY_PIDFILE")" "token registry" 15
  stop_pid "$(read_pid "$TOKEN_SERVER_PIDFILE")" "token server" 10
  rm -f "$TOKEN_REGISTRY_PIDFILE" "$TOKEN_SERVER_PIDFILE"
}

# in_token_registry REPO:TAG — asks with a pull token of the seeding account.
in_token_registry() {
  local repo=${1%:*} tag=${1##*:} token code
  token=$(curl -fsS --max-time 5 -u "$TOKEN_ADMIN_USER:$TOKEN_ADMIN_PASS" \
    "$TOKEN_REALM?service=$TOKEN_SERVICE&scope=repository:$repo:pull" | sed -n 's/^{"token":"\([^"]*\)".*/\1/p') || return 1
  code=$(curl -sS --max-time 5 -I -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' "http://$TOKEN_ADDR/v2/$repo/manifests/$tag") || return 1
  [ "$code" = 200 ]
}

token_seed() {
  local missing=() ref
  for ref in "${SEED_IMAGES[@]}"; do in_token_registry "$ref" || missing+=("$ref"); done
  [ "${#missing[@]}" = 0 ] && return 0
  log "seeding the token registry: ${missing[*]} (from $ANON_ADDR/$SEED_FROM)"
  SEED_USER="$TOKEN_ADMIN_USER" SEED_PASS="$TOKEN_ADMIN_PASS" node "$ENV_DIR/token-seed.mjs" \
    "http://$ANON_ADDR" "$SEED_FROM" "http://$TOKEN_ADDR" "$TOKEN_REALM" "$TOKEN_SERVICE" "${missing[@]}" >>"$TOKEN_SERVER_LOG" 2>&1 ||
    die "could not seed the token registry" "copying $ANON_ADDR/$SEED_FROM failed (is the bench's anon registry up?)" \
      "see $TOKEN_SERVER_LOG; start the bench with: bash tests/env/up.sh"
  for ref in "${SEED_IMAGES[@]}"; do
    in_token_registry "$ref" || die "seeding finished but $TOKEN_ADDR/$ref is missing" "a push went wrong" "see $TOKEN_SERVER_LOG and $TOKEN_REGISTRY_LOG"
  done
}

token_write_state() {
  local tmp="$TOKEN_JSON.tmp"
  cat >"$tmp" <<EOF
{
  "version": 1,
  "address": "$TOKEN_ADDR",
  "listen": "$TOKEN_ADDR",
  "url": "http://$TOKEN_ADDR",
  "logFile": $(json_str "$TOKEN_REGISTRY_LOG"),
  "pidFile": $(json_str "$TOKEN_REGISTRY_PIDFILE"),
  "realm": "$TOKEN_REALM",
  "service": "$TOKEN_SERVICE",
  "issuer": "$TOKEN_ISSUER",
  "tokenServer": {
    "address": "$TOKEN_SERVER_ADDR",
    "logFile": $(json_str "$TOKEN_SERVER_LOG"),
    "pidFile": $(json_str "$TOKEN_SERVER_PIDFILE")
  },
  "users": {
    "carol": { "username": $(json_str "$TOKEN_CAROL_USER"), "password": $(json_str "$TOKEN_CAROL_PASS"), "access": "pull and push team/*" },
    "dave": { "username": $(json_str "$TOKEN_DAVE_USER"), "password": $(json_str "$TOKEN_DAVE_PASS"), "access": "pull team/app" },
    "erin": { "username": $(json_str "$TOKEN_ERIN_USER"), "password": $(json_str "$TOKEN_ERIN_PASS"), "access": "none (signs in, may pull only public/*)" }
  },
  "images": {
    "teamApp": "$TOKEN_ADDR/team/app:1.0",
    "teamTool": "$TOKEN_ADDR/team/tool:1.0",
    "publicSmall": "$TOKEN_ADDR/public/small:1.0"
  },
  "closedRealm": "http://$CLOSED_PORT/token"
}
EOF
  mv "$tmp" "$TOKEN_JSON"
}

token_start() {
  token_stop
  local addr holder
  for addr in "$TOKEN_ADDR" "$TOKEN_SERVER_ADDR"; do
    holder=$(listener_on "$addr")
    [ -z "$holder" ] || die "cannot start the token registry: $addr is already in use ($holder)" \
      "another program, or a test bench from another checkout, listens there" "stop it and retry"
  done
  token_write_configs
  start_daemon "$TOKEN_SERVER_PIDFILE" "$TOKEN_SERVER_LOG" node "$ENV_DIR/token-server.mjs" "$TOKEN_STATE_DIR/server.json"
  wait_until 15 "token server on $TOKEN_SERVER_ADDR" token_server_ready ||
    { tail -n 20 "$TOKEN_SERVER_LOG" >&2 || true; die "the token server did not answer on $TOKEN_SERVER_ADDR" "see the log lines above" "fix the cause, then run: bash tests/env/token.sh start"; }
  start_daemon "$TOKEN_REGISTRY_PIDFILE" "$TOKEN_REGISTRY_LOG" docker-registry serve "$TOKEN_STATE_DIR/config.yml"
  wait_until 30 "token registry on $TOKEN_ADDR" token_registry_ready ||
    { tail -n 20 "$TOKEN_REGISTRY_LOG" >&2 || true; die "the token registry did not answer on $TOKEN_ADDR" "see the log lines above" "fix the cause, then run: bash tests/env/token.sh start"; }
  token_seed
  token_write_state
  log "token registry up: $TOKEN_ADDR (realm $TOKEN_REALM)"
}

# up.sh and bench_down already hold the bench lock when they call this script.
lock() { [ -n "${STEVEDORE_BENCH_LOCK_HELD:-}" ] || take_lock; }

case "${1:-}" in
  start) lock; token_start ;;
  stop) lock; token_stop ;;
  status)
    if token_running; then echo "running $TOKEN_ADDR (token server $TOKEN_SERVER_ADDR)"; else echo stopped; exit 3; fi
    ;;
  *) echo "usage: bash tests/env/token.sh start|stop|status" >&2; exit 2 ;;
esac
