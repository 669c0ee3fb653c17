#!/usr/bin/env bash
# Installs what the test bench needs on a bare Debian 12 machine (as root). Idempotent and quick
# when everything is there, because up.sh runs it every time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root

# Undone on any exit, including die(): the temporary apt dir and the policy-rc.d guard.
CLEANUP=()
cleanup() { local c; for c in "${CLEANUP[@]}"; do rm -rf "$c"; done; }
trap cleanup EXIT

PKGS=(docker.io docker-registry chromium busybox-static apache2-utils openssl ca-certificates curl iproute2 xvfb openssh-server)

missing_pkgs() {
  local installed p
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PKGS[@]}" 2>/dev/null || true)
  for p in "${PKGS[@]}"; do
    grep -q "^$p ii" <<<"$installed" || echo "$p"
  done
}

install_debs() {
  local missing
  mapfile -t missing < <(missing_pkgs)
  [ "${#missing[@]}" -gt 0 ] || return 0
  log "installing Debian packages: ${missing[*]}"
  # Without an init system the docker.io/containerd postinst scripts may still try to start
  # their services (and open /var/run/docker.sock), and openssh-server's the system sshd on port 22 (tests run
  # their own sshd on loopback); deny that for the length of our install.
  local policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; CLEANUP+=("$policy")
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get -q -o Acquire::Retries=3 update >"$STATE_DIR/apt-update.log" 2>&1 || {
    tail -n 20 "$STATE_DIR/apt-update.log" >&2
    die "apt-get update failed" "the Debian archive configured in /etc/apt is unreachable or broken (log above)" \
      "check network access to the Debian archive, then rerun bash tests/env/install.sh"
  }
  apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" \
    >"$STATE_DIR/apt-install.log" 2>&1 || {
    tail -n 30 "$STATE_DIR/apt-install.log" >&2
    die "apt-get install ${missing[*]} failed" "see the apt output above" "fix the apt problem and rerun bash tests/env/install.sh"
  }
  mapfile -t missing < <(missing_pkgs)
  [ "${#missing[@]}" = 0 ] || die "packages still missing after apt-get install: ${missing[*]}" "" "see $STATE_DIR/apt-install.log"
}

# The Debian archive URI this machine already uses for its own release (never hard-coded: the
# repo must not name any archive host, and CI machines may point at a mirror or snapshot).
archive_uri() {
  local codename uri f
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$codename" ] || die "cannot tell the Debian release" "/etc/os-release has no VERSION_CODENAME" "run on Debian 12"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk -v want="$codename" 'BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; suites = ""; uris = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i; sub(/[ \t]+$/, "", line)
          if (line ~ /^Types:/)   { sub(/^Types:[ \t]*/, "", line);   types = line }
          if (line ~ /^Suites:/)  { sub(/^Suites:[ \t]*/, "", line);  suites = line }
          if (line ~ /^URIs:/)    { sub(/^URIs:[ \t]*/, "", line);    uris = line }
          if (line ~ /^Enabled:/) { sub(/^Enabled:[ \t]*/, "", line); enabled = line }
        }
        if (enabled == "no" || (" " types " ") !~ / deb /) next
        if ((" " suites " ") ~ (" " want " ")) { split(uris, u, /[ \t]+/); print u[1]; exit }
      }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return 0; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk -v want="$codename" '$1 == "deb" {
        i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == want) { print $i; exit }
      }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return 0; }
  done
  die "no Debian archive found in the apt sources for suite '$codename'" \
    "the compose v2 download reuses the archive this machine already uses" \
    "configure the Debian archive in /etc/apt/sources.list(.d) and rerun"
}

# Compose v2 is only in Debian 13; fetch that one package with a throw-away apt configuration
# so the machine's own sources, lists and caches stay exactly as they were.
install_compose() {
  local plugin_src="$TOOLS_DIR/docker-compose/usr/libexec/docker/cli-plugins/docker-compose"
  if [ ! -x "$plugin_src" ]; then
    local uri tmp keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    uri=$(archive_uri)
    tmp=$(mktemp -d /tmp/stevedore-bench-apt.XXXXXX)
    CLEANUP+=("$tmp")
    mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
    if [ -f "$keyring" ]; then
      echo "deb [signed-by=$keyring] $uri trixie main" >"$tmp/trixie.list"
    else
      echo "deb $uri trixie main" >"$tmp/trixie.list"
    fi
    local aptopts=(-q -o "Dir::Etc::SourceList=$tmp/trixie.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o Dir::Etc::Preferences=/dev/null
      -o Dir::Etc::PreferencesParts=/dev/null -o APT::Sandbox::User=root -o Acquire::Retries=3
      -o Acquire::Languages=none)
    log "fetching Docker Compose v2 from the trixie suite of the configured Debian archive"
    apt-get "${aptopts[@]}" update >"$tmp/update.log" 2>&1 || {
      tail -n 20 "$tmp/update.log" >&2
      die "could not read the trixie package list" "apt-get update with a trixie-only source failed (log above)" \
        "check that the Debian archive ($uri) is reachable and carries trixie"
    }
    (cd "$tmp" && apt-get "${aptopts[@]}" download docker-compose) >"$tmp/download.log" 2>&1 || {
      tail -n 20 "$tmp/download.log" >&2
      die "could not download the docker-compose package from trixie" "see the apt output above" "retry; check the archive is reachable"
    }
    local deb
    deb=$(ls "$tmp"/docker-compose_*.deb 2>/dev/null | head -n1)
    [ -n "$deb" ] || die "apt-get download produced no docker-compose .deb" "" "see $tmp/download.log"
    rm -rf "$TOOLS_DIR/docker-compose.new"
    mkdir -p "$TOOLS_DIR"
    dpkg -x "$deb" "$TOOLS_DIR/docker-compose.new"
    [ -x "$TOOLS_DIR/docker-compose.new/usr/libexec/docker/cli-plugins/docker-compose" ] ||
      die "the docker-compose package has no cli-plugins/docker-compose binary" "the package layout changed" "update tests/env/install.sh"
    rm -rf "$TOOLS_DIR/docker-compose"
    mv "$TOOLS_DIR/docker-compose.new" "$TOOLS_DIR/docker-compose"
    basename "$deb" >"$TOOLS_DIR/docker-compose.deb-name"
  fi
  if [ ! -x "$COMPOSE_BIN" ] || ! cmp -s "$plugin_src" "$COMPOSE_BIN"; then
    mkdir -p "$(dirname "$COMPOSE_BIN")"
    # A hard link saves 60 MB; copy when tools/ and docker-config/ are on different filesystems.
    rm -f "$COMPOSE_BIN.tmp"
    ln "$plugin_src" "$COMPOSE_BIN.tmp" 2>/dev/null || cp "$plugin_src" "$COMPOSE_BIN.tmp"
    mv -f "$COMPOSE_BIN.tmp" "$COMPOSE_BIN"
  fi
  local v
  v=$("$COMPOSE_BIN" version --short 2>/dev/null || true)
  case "$v" in
    2.*) ;;
    *) die "docker compose plugin does not report version 2.x (got '${v:-nothing}')" "" "rm -rf $TOOLS_DIR/docker-compose and rerun" ;;
  esac
}

mkdir -p "$STATE_DIR"
install_debs
install_compose
