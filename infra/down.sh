#!/usr/bin/env bash
# Stops what infra/up.sh started. Data stays in .infra/ (delete it for a clean slate).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set +e
bash "$QL_ROOT/infra/gateway.sh" down
if [ -f "$QL_INFRA_DIR/kafka/kafka.pid" ]; then
  pid=$(cat "$QL_INFRA_DIR/kafka/kafka.pid")
  if kill "$pid" 2>/dev/null; then
    log "stopping kafka ($pid)"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$QL_INFRA_DIR/kafka/kafka.pid"
fi
if [ -f "$QL_INFRA_DIR/redis/redis.pid" ]; then
  log "stopping redis"; kill "$(cat "$QL_INFRA_DIR/redis/redis.pid")" 2>/dev/null; rm -f "$QL_INFRA_DIR/redis/redis.pid"
fi
if [ -f "$QL_INFRA_DIR/postgres/postmaster.pid" ] && bin="$(pg_bindir)"; then
  log "stopping postgres"
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$QL_INFRA_DIR/postgres" -m fast stop >/dev/null
  else "$bin/pg_ctl" -D "$QL_INFRA_DIR/postgres" -m fast stop >/dev/null; fi
fi
log "down"
