#!/usr/bin/env bash
# Starts PostgreSQL 15, Redis 7 and Apache Kafka (KRaft, single node) on loopback without Docker.
# Installs only what is missing (apt for postgresql/redis/java/maven, Maven Central for Kafka).
# Idempotent: a service already answering on its port is left alone.
#   bash infra/up.sh            # all three
#   bash infra/up.sh postgres   # just one (postgres|redis|kafka)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$QL_INFRA_DIR"

pg_answers() { # the questline database answers a query (not just an open port)
  PGCONNECT_TIMEOUT=3 psql "postgresql://questline:questline@127.0.0.1:$QL_PG_PORT/questline" -qtAc 'select 1' >/dev/null 2>&1
}

start_postgres() {
  if port_open "$QL_PG_PORT"; then
    if ! command -v psql >/dev/null || pg_answers; then
      log "postgres already listening on 127.0.0.1:$QL_PG_PORT${QL_PG_STATEMENTS:+ (QL_PG_STATEMENTS applies at start: bash infra/down.sh first)}"
      return 0
    fi
    fail "something listens on 127.0.0.1:$QL_PG_PORT but the questline database does not answer; stop it (npm run infra:down) or set QL_PG_PORT"
  fi
  local bin; bin="$(pg_bindir)" || { apt_install postgresql; bin="$(pg_bindir)" || fail "PostgreSQL binaries not found after install"; }
  local data="$QL_INFRA_DIR/postgres" run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || fail "user 'postgres' missing: install the postgresql package"
    run=(runuser -u postgres --)   # postgres refuses to run as root
  fi
  if [ ! -s "$data/PG_VERSION" ]; then
    log "initdb $data"
    mkdir -p "$data"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
    "${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$QL_INFRA_DIR/postgres-initdb.log" 2>&1 \
      || fail "initdb failed, see $QL_INFRA_DIR/postgres-initdb.log"
  fi
  log "starting postgres on 127.0.0.1:$QL_PG_PORT"
  "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$QL_PG_PORT -c unix_socket_directories=$data -c max_connections=200 -c shared_buffers=256MB${QL_PG_STATEMENTS:+ -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all}" start >/dev/null \
    || fail "postgres did not start, see $data/server.log"
  "$bin/psql" -h 127.0.0.1 -p "$QL_PG_PORT" -U postgres -qtA -c "select 1 from pg_roles where rolname='questline'" | grep -q 1 \
    || "$bin/psql" -h 127.0.0.1 -p "$QL_PG_PORT" -U postgres -q -c "create role questline login superuser password 'questline'"
  "$bin/psql" -h 127.0.0.1 -p "$QL_PG_PORT" -U postgres -qtA -c "select 1 from pg_database where datname='questline'" | grep -q 1 \
    || "$bin/psql" -h 127.0.0.1 -p "$QL_PG_PORT" -U postgres -q -c "create database questline owner questline"
  pg_answers || fail "postgres started but the questline database does not answer, see $data/server.log"
}

start_redis() {
  if port_open "$QL_REDIS_PORT"; then
    if ! command -v redis-cli >/dev/null || [ "$(redis-cli -h 127.0.0.1 -p "$QL_REDIS_PORT" ping 2>/dev/null)" = PONG ]; then log "redis already listening on 127.0.0.1:$QL_REDIS_PORT"; return 0; fi
    fail "something listens on 127.0.0.1:$QL_REDIS_PORT but does not answer PING; stop it or set QL_REDIS_PORT"
  fi
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$QL_INFRA_DIR/redis"
  log "starting redis on 127.0.0.1:$QL_REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$QL_REDIS_PORT" --dir "$QL_INFRA_DIR/redis" \
    --pidfile "$QL_INFRA_DIR/redis/redis.pid" --logfile "$QL_INFRA_DIR/redis/redis.log" \
    --save "" --appendonly no --maxmemory-policy noeviction >/dev/null || fail "redis-server did not start"
  wait_for 20 redis port_open "$QL_REDIS_PORT" || fail "redis did not open port $QL_REDIS_PORT, see $QL_INFRA_DIR/redis/redis.log"
}

fetch_kafka() {
  local lib="$QL_INFRA_DIR/kafka/lib" marker="$QL_INFRA_DIR/kafka/lib/.complete-$QL_KAFKA_VERSION"
  [ -f "$marker" ] && return 0
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  log "fetching Apache Kafka $QL_KAFKA_VERSION from Maven Central (first run only)"
  rm -rf "$lib"; mkdir -p "$lib"
  (cd "$QL_ROOT/infra/kafka" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$lib") >"$QL_INFRA_DIR/kafka-fetch.log" 2>&1 \
    || fail "could not fetch Kafka jars with Maven, see $QL_INFRA_DIR/kafka-fetch.log"
  touch "$marker"
}

start_kafka() {
  if port_open "$QL_KAFKA_PORT"; then log "kafka already listening on 127.0.0.1:$QL_KAFKA_PORT"; return 0; fi
  fetch_kafka
  local dir="$QL_INFRA_DIR/kafka" cp="$QL_INFRA_DIR/kafka/lib/*"
  mkdir -p "$dir/data"
  sed -e "s#@DATA@#$dir/data#" -e "s#@PORT@#$QL_KAFKA_PORT#g" -e "s#@CTRL@#$QL_KAFKA_CONTROLLER_PORT#g" \
    "$QL_ROOT/infra/kafka/server.properties" >"$dir/server.properties"
  cp "$QL_ROOT/infra/kafka/log4j.properties" "$dir/log4j.properties"
  if [ ! -f "$dir/data/meta.properties" ]; then
    log "formatting KRaft storage"
    java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
      -c "$dir/server.properties" >"$dir/format.log" 2>&1 || fail "kafka storage format failed, see $dir/format.log"
  fi
  log "starting kafka on 127.0.0.1:$QL_KAFKA_PORT"
  : >"$dir/server.log"
  # One open file per partition segment: every test namespace adds topics, and a broker out of file
  # descriptors takes its log dir offline and shuts down. Raise the limit as far as allowed.
  ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  # Pruning (below) needs a broker that stays up: one past its limit shuts down right after starting.
  local partitions; partitions=$(find "$dir/data" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)
  [ "$partitions" -gt $(( $(ulimit -n) * 3 / 4 )) ] && log "kafka holds $partitions partitions against $(ulimit -n) open files: if it shuts down, 'bash infra/down.sh && rm -rf $dir/data' for a clean broker"
  nohup java -Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j.configuration="file:$dir/log4j.properties" -Dkafka.logs.dir="$dir" \
    -cp "$cp" kafka.Kafka "$dir/server.properties" >"$dir/server.log" 2>&1 &
  echo $! >"$dir/kafka.pid"
  wait_for "${QL_KAFKA_START_S:-180}" kafka grep -q "Kafka Server started" "$dir/server.log" \
    || fail "kafka did not start within ${QL_KAFKA_START_S:-180} s, see $dir/server.log"
}

want="${1:-all}"
case "$want" in
  all) start_postgres; start_redis; start_kafka ;;
  postgres) start_postgres ;; redis) start_redis ;; kafka) start_kafka ;;
  kafka-jars) fetch_kafka; exit 0 ;;   # the broker's jars only (infra/secure.sh starts its own broker)
  *) fail "unknown service '$want' (postgres|redis|kafka)" ;;
esac
# Test and bench runs leave their namespaces' topics behind; past a few thousand partitions the
# broker runs out of file descriptors. Delete earlier runs' topics (tools/kafka-prune.ts) when the
# broker holds too many (keeping namespaces whose consumer groups have members: a run in progress),
# once the dependencies are installed (npm test installs them first). Only
# when everything is started (the start of a test or bench run): the fault suite restarts the broker
# alone (`up.sh kafka`) mid-run, with its own topics in use.
if [ "$want" = all ] && [ "${QL_KAFKA_PRUNE:-1}" != 0 ]; then
  if [ -d "$QL_ROOT/node_modules/kafkajs" ]; then
    (cd "$QL_ROOT" && KAFKA_BROKERS="127.0.0.1:$QL_KAFKA_PORT" node -r ./tools/register.cjs tools/kafka-prune.ts) || true
  fi
fi
log "ready: DATABASE_URL=postgresql://questline:questline@127.0.0.1:$QL_PG_PORT/questline REDIS_URL=redis://127.0.0.1:$QL_REDIS_PORT KAFKA_BROKERS=127.0.0.1:$QL_KAFKA_PORT"
