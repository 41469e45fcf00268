#!/usr/bin/env bash
# Faults for the fault suite (npm run test:faults), on the infrastructure infra/up.sh started:
#   bash infra/chaos.sh kill-kafka        # kill -9 the broker (no clean shutdown), wait until its port is closed
#   bash infra/chaos.sh start-kafka       # start it again (log recovery after the unclean stop), wait until it serves
#   bash infra/chaos.sh crash-postgres    # immediate shutdown (no checkpoint: crash recovery on start) and start again
#   bash infra/chaos.sh flush-redis       # FLUSHALL: every board, guard and rate-limit key gone
# Refuses to touch a service it did not start (no pid file under .infra/).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  kill-kafka)
    pidfile="$QL_INFRA_DIR/kafka/kafka.pid"
    [ -f "$pidfile" ] || fail "no $pidfile: this Kafka was not started by infra/up.sh"
    pid=$(cat "$pidfile")
    kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pidfile"
    wait_for 20 "kafka port closed" bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$QL_KAFKA_PORT) 2>/dev/null" || fail "kafka port still open"
    log "kafka killed (-9)"
    ;;
  start-kafka)
    bash "$QL_ROOT/infra/up.sh" kafka
    ;;
  crash-postgres)
    bin="$(pg_bindir)" || fail "PostgreSQL binaries not found"
    data="$QL_INFRA_DIR/postgres"
    [ -f "$data/postmaster.pid" ] || fail "no $data/postmaster.pid: this Postgres was not started by infra/up.sh"
    run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
    "${run[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null
    log "postgres stopped (immediate)"
    sleep "${2:-2}"
    bash "$QL_ROOT/infra/up.sh" postgres
    ;;
  flush-redis)
    redis-cli -h 127.0.0.1 -p "$QL_REDIS_PORT" flushall >/dev/null
    log "redis flushed"
    ;;
  *) fail "usage: chaos.sh kill-kafka | start-kafka | crash-postgres [seconds down] | flush-redis" ;;
esac
