#!/usr/bin/env bash
# The gateway for multi-service mode: nginx (Debian package, installed when missing) on one port,
# routing every public route to the service that serves it (infra/gateway/routes.conf, generated
# from the services' routes). Idempotent; state in $QL_INFRA_DIR/gateway.
#   bash infra/gateway.sh up      # listens on 127.0.0.1:$QL_GATEWAY_PORT (3000)
#   bash infra/gateway.sh down
# Upstreams: QL_INGEST_ADDR (127.0.0.1:3001), QL_RULES_ENGINE_ADDR (:3002), QL_POINTS_ADDR (:3003),
# QL_ACHIEVEMENTS_ADDR (:3004), QL_NOTIFICATIONS_ADDR (:3005). Set TRUST_PROXY=loopback on the
# services so they see the client's address (X-Forwarded-For) for rate limits and logs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
QL_GATEWAY_PORT="${QL_GATEWAY_PORT:-3000}"
dir="${QL_GATEWAY_DIR:-$QL_INFRA_DIR/gateway}"

nginx_bin() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }

up() {
  local bin; bin="$(nginx_bin)" || { apt_install nginx; bin="$(nginx_bin)" || fail "nginx not found after install"; }
  if [ -f "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then down; fi
  port_open "$QL_GATEWAY_PORT" && fail "something already listens on 127.0.0.1:$QL_GATEWAY_PORT (the standalone platform?); stop it or set QL_GATEWAY_PORT"
  mkdir -p "$dir"
  ln -sfn "$QL_ROOT/infra/gateway" "$dir/questline"
  ln -sfn "$QL_ROOT/docs" "$dir/html"
  local user=""; [ "$(id -u)" = 0 ] && user="user root;"
  sed -e "s#@DIR@#$dir#g" -e "s#@USER@#$user#" -e "s#@LISTEN@#127.0.0.1:$QL_GATEWAY_PORT#" \
      -e "s#@INGEST@#${QL_INGEST_ADDR:-127.0.0.1:3001}#" -e "s#@RULES_ENGINE@#${QL_RULES_ENGINE_ADDR:-127.0.0.1:3002}#" \
      -e "s#@POINTS@#${QL_POINTS_ADDR:-127.0.0.1:3003}#" -e "s#@ACHIEVEMENTS@#${QL_ACHIEVEMENTS_ADDR:-127.0.0.1:3004}#" \
      -e "s#@NOTIFICATIONS@#${QL_NOTIFICATIONS_ADDR:-127.0.0.1:3005}#" \
      "$QL_ROOT/infra/gateway/nginx.conf.template" >"$dir/nginx.conf"
  "$bin" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" -t -q || fail "the gateway configuration does not load, see above"
  "$bin" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" || fail "nginx did not start, see $dir/error.log"
  wait_for 10 gateway port_open "$QL_GATEWAY_PORT" || fail "the gateway did not open port $QL_GATEWAY_PORT, see $dir/error.log"
  log "gateway on http://127.0.0.1:$QL_GATEWAY_PORT"
}

down() {
  [ -f "$dir/nginx.pid" ] || return 0
  local pid; pid="$(cat "$dir/nginx.pid")"
  kill -QUIT "$pid" 2>/dev/null || true
  wait_for 10 "gateway stop" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/nginx.pid"
}

case "${1:-up}" in
  up) up ;; down) down ;;
  *) fail "usage: infra/gateway.sh up|down" ;;
esac
