# Shared helpers for infra/up.sh and infra/down.sh. Sourced, not executed.
# All state lives in $QL_INFRA_DIR (default: <repo>/.infra, git-ignored).
set -euo pipefail

QL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QL_INFRA_DIR="${QL_INFRA_DIR:-$QL_ROOT/.infra}"
QL_PG_PORT="${QL_PG_PORT:-5432}"
QL_REDIS_PORT="${QL_REDIS_PORT:-6379}"
QL_KAFKA_PORT="${QL_KAFKA_PORT:-29092}"
QL_KAFKA_CONTROLLER_PORT="${QL_KAFKA_CONTROLLER_PORT:-29093}"
QL_KAFKA_VERSION="3.9.1"

log() { printf '[infra] %s\n' "$*" >&2; }
fail() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# port_open PORT -> 0 when something accepts TCP connections on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.3
  done
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

APT_UPDATED=0
apt_install() { # apt_install PACKAGE... ; names what could not be installed
  command -v apt-get >/dev/null || fail "apt-get not found: install $* by hand"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || fail "apt-get update failed (needed for: $*)"
    APT_UPDATED=1
  fi
  log "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || fail "could not install $* with apt-get"
}

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}
