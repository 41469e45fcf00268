#!/usr/bin/env bash
# Faults for the fault suite (npm run test:faults), on the infrastructure infra/up.sh started:
#   bash infra/chaos.sh kill-kafka        # kill -9 the broker (no clean shutdown), wait until its port is closed
#   bash infra/chaos.sh start-kafka       # start it again (log recovery after the unclean stop), wait until it serves
#   bash infra/chaos.sh crash-postgres    # immediate shutdown (no checkpoint: crash recovery on start) and start again
#   bash infra/chaos.sh flush-redis       # FLUSHALL: every board, guard and rate-limit key gone
# Finds the services by their ports (they may have been started from another checkout's .infra/).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# listener_pid PORT -> the pid listening on 127.0.0.1:PORT
listener_pid() {
  local pid=""
  command -v ss >/dev/null && pid=$(ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$pid" ] || pid=$(cat "$QL_INFRA_DIR/kafka/kafka.pid" 2>/dev/null)
  echo "$pid"
}

case "${1:-}" in
  kill-kafka)
    pid=$(listener_pid "$QL_KAFKA_PORT")
    [ -n "$pid" ] || fail "nothing listens on 127.0.0.1:$QL_KAFKA_PORT"
    # Where it keeps its data and config: infra/up.sh starts it again from there.
    dir=$(tr '\0' '\n' </proc/"$pid"/cmdline | grep -m1 'server.properties$' | xargs dirname)
    echo "$dir" >"$QL_INFRA_DIR/.kafka-dir" 2>/dev/null || { mkdir -p "$QL_INFRA_DIR"; echo "$dir" >"$QL_INFRA_DIR/.kafka-dir"; }
    kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/kafka.pid"
    wait_for 20 "kafka port closed" bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$QL_KAFKA_PORT) 2>/dev/null" || fail "kafka port still open"
    log "kafka killed (-9)"
    ;;
  start-kafka)
    # The broker killed may belong to another checkout's .infra/: start it from there.
    dir=$(cat "$QL_INFRA_DIR/.kafka-dir" 2>/dev/null || echo "$QL_INFRA_DIR/kafka")
    QL_INFRA_DIR="$(dirname "$dir")" bash "$QL_ROOT/infra/up.sh" kafka
    ;;
  crash-postgres)
    bin="$(pg_bindir)" || fail "PostgreSQL binaries not found"
    data=$(PGCONNECT_TIMEOUT=3 psql "postgresql://questline:questline@127.0.0.1:$QL_PG_PORT/questline" -qtAc 'show data_directory') \
      || fail "cannot ask Postgres on 127.0.0.1:$QL_PG_PORT for its data directory"
    run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
    "${run[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null
    log "postgres stopped (immediate)"
    sleep "${2:-2}"
    QL_INFRA_DIR="$(dirname "$data")" bash "$QL_ROOT/infra/up.sh" postgres
    ;;
  flush-redis)
    redis-cli -h 127.0.0.1 -p "$QL_REDIS_PORT" flushall >/dev/null
    log "redis flushed"
    ;;
  *) fail "usage: chaos.sh kill-kafka | start-kafka | crash-postgres [seconds down] | flush-redis" ;;
esac
