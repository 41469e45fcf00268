#!/usr/bin/env bash
# Tools the test suite runs that are not npm packages, built once into $QL_INFRA_DIR/bin.
#   bash infra/tools.sh oasdiff   # builds oasdiff (OpenAPI breaking-change check) if missing; prints its path
#   bash infra/tools.sh chromium  # installs Debian's chromium (the page tests' browser) if missing; prints its path
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
QL_OASDIFF_VERSION="1.39.0"

ensure_oasdiff() {
  local bin="$QL_INFRA_DIR/bin/oasdiff-$QL_OASDIFF_VERSION"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null || apt_install golang-go
    command -v go >/dev/null || fail "oasdiff needs Go (apt install golang-go) to be built"
    log "building oasdiff $QL_OASDIFF_VERSION from the Go module proxy (first run only)"
    local tmp; tmp="$(mktemp -d)"
    GOBIN="$tmp" GOFLAGS=-mod=mod go install "github.com/oasdiff/oasdiff@v$QL_OASDIFF_VERSION" >"$QL_INFRA_DIR/oasdiff-build.log" 2>&1 \
      || fail "could not build oasdiff, see $QL_INFRA_DIR/oasdiff-build.log"
    mkdir -p "$QL_INFRA_DIR/bin"; mv "$tmp/oasdiff" "$bin"; rm -rf "$tmp"
  fi
  printf '%s\n' "$bin"
}

# The browser the page tests drive (puppeteer-core): Debian's chromium; CHROMIUM_PATH names another.
ensure_chromium() {
  local bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$bin" ]; then
    [ -n "${CHROMIUM_PATH:-}" ] && fail "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
    apt_install chromium
    [ -x "$bin" ] || fail "chromium not found at $bin after install"
  fi
  printf '%s\n' "$bin"
}

mkdir -p "$QL_INFRA_DIR"
case "${1:-}" in
  oasdiff) ensure_oasdiff ;;
  chromium) ensure_chromium ;;
  *) fail "unknown tool '${1:-}' (oasdiff|chromium)" ;;
esac
