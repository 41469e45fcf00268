#!/usr/bin/env bash
# Secured infrastructure for the secured-connection suite (test/e2e/secure-connections.e2e-spec.ts)
# and for trying the TLS settings by hand, beside the plain one of infra/up.sh:
#   Kafka     127.0.0.1:29193 SASL_SSL (SCRAM-SHA-512, user questline / questline-kafka-secret)
#             127.0.0.1:29194 SSL with client certificates required (mutual TLS)
#   Postgres  127.0.0.1:5433  TLS only (hostssl), password questline-pg-secret
#   Redis     127.0.0.1:6380  TLS only, password questline-redis-secret
# Certificates (PEM, made with openssl): a test CA, the servers' (localhost, 127.0.0.1), a client's,
# and a second CA nobody trusts (for the "untrusted certificate" case), in .infra/secure/certs.
#   bash infra/secure.sh up | down | env
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DIR="$QL_INFRA_DIR/secure"; CERTS="$DIR/certs"
PG_PORT="${QL_SECURE_PG_PORT:-5433}" REDIS_PORT="${QL_SECURE_REDIS_PORT:-6380}"
SASL_PORT="${QL_SECURE_KAFKA_SASL_PORT:-29193}" MTLS_PORT="${QL_SECURE_KAFKA_MTLS_PORT:-29194}"
INTERNAL_PORT=29195 CTRL_PORT=29196
PG_PASSWORD=questline-pg-secret REDIS_PASSWORD=questline-redis-secret KAFKA_USER=questline KAFKA_PASSWORD=questline-kafka-secret

make_certs() {
  [ -s "$CERTS/client.pem" ] && return 0
  command -v openssl >/dev/null || apt_install openssl
  mkdir -p "$CERTS"; log "making test certificates in $CERTS"
  (
    cd "$CERTS"
    for ca in ca rogue-ca; do
      openssl req -x509 -newkey rsa:2048 -nodes -keyout "$ca.key" -out "$ca.pem" -days 3650 -subj "/CN=Questline $ca" 2>/dev/null
    done
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 3650 -extfile server.ext 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj "/CN=questline" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 3650 -extfile client.ext 2>/dev/null
    # The same client name, signed by the CA nobody trusts.
    openssl x509 -req -in client.csr -CA rogue-ca.pem -CAkey rogue-ca.key -CAcreateserial -out rogue-client.pem -days 3650 -extfile client.ext 2>/dev/null
    cat server.key server.pem >server-keystore.pem   # Kafka's PEM key store: the key, then the chain
    chmod 644 ./*.pem ./*.key
  ) || fail "could not make certificates with openssl"
}

start_postgres() {
  if port_open "$PG_PORT"; then log "secure postgres already listening on 127.0.0.1:$PG_PORT"; return 0; fi
  local bin; bin="$(pg_bindir)" || { apt_install postgresql; bin="$(pg_bindir)"; }
  local data="$DIR/postgres" run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"; printf '%s\n' "$PG_PASSWORD" >"$DIR/pg.pw"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data" "$DIR/pg.pw"
    "${run[@]}" "$bin/initdb" -D "$data" -U questline --pwfile="$DIR/pg.pw" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/postgres-initdb.log" 2>&1 \
      || fail "initdb failed, see $DIR/postgres-initdb.log"
    # TLS only: a plaintext connection from anywhere is rejected.
    printf 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n' >"$data/pg_hba.conf"
    cp "$CERTS/server.pem" "$data/server.crt"; cp "$CERTS/server.key" "$data/server.key"; chmod 600 "$data/server.key"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data/pg_hba.conf" "$data/server.crt" "$data/server.key"
  fi
  log "starting TLS postgres on 127.0.0.1:$PG_PORT"
  "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$data -c ssl=on -c max_connections=60 -c shared_buffers=32MB" start >/dev/null \
    || fail "secure postgres did not start, see $data/server.log"
  "$bin/psql" -h "$data" -p "$PG_PORT" -U questline -d postgres -qtAc "select 1 from pg_database where datname='questline'" | grep -q 1 \
    || "$bin/psql" -h "$data" -p "$PG_PORT" -U questline -d postgres -qc "create database questline"
}

start_redis() {
  if port_open "$REDIS_PORT"; then log "secure redis already listening on 127.0.0.1:$REDIS_PORT"; return 0; fi
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$DIR/redis"
  log "starting TLS redis on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port 0 --tls-port "$REDIS_PORT" \
    --tls-cert-file "$CERTS/server.pem" --tls-key-file "$CERTS/server.key" --tls-ca-cert-file "$CERTS/ca.pem" --tls-auth-clients optional \
    --requirepass "$REDIS_PASSWORD" --dir "$DIR/redis" --pidfile "$DIR/redis/redis.pid" --logfile "$DIR/redis/redis.log" \
    --save "" --appendonly no --maxmemory-policy noeviction >/dev/null || fail "redis-server (TLS) did not start"
  wait_for 20 redis port_open "$REDIS_PORT" || fail "TLS redis did not open port $REDIS_PORT, see $DIR/redis/redis.log"
}

start_kafka() {
  if port_open "$SASL_PORT"; then log "secure kafka already listening on 127.0.0.1:$SASL_PORT"; return 0; fi
  bash "$QL_ROOT/infra/up.sh" kafka-jars
  local dir="$DIR/kafka" cp="$QL_INFRA_DIR/kafka/lib/*"
  mkdir -p "$dir/data"
  sed -e "s#@DATA@#$dir/data#" -e "s#@CERTS@#$CERTS#g" -e "s#@SASL_PORT@#$SASL_PORT#g" -e "s#@MTLS_PORT@#$MTLS_PORT#g" \
    -e "s#@INTERNAL@#$INTERNAL_PORT#g" -e "s#@CTRL@#$CTRL_PORT#g" "$QL_ROOT/infra/secure/server.properties" >"$dir/server.properties"
  cp "$QL_ROOT/infra/kafka/log4j.properties" "$dir/log4j.properties"
  if [ ! -f "$dir/data/meta.properties" ]; then
    log "formatting secure KRaft storage (with the SCRAM user $KAFKA_USER)"
    java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null)" -c "$dir/server.properties" \
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_USER,password=$KAFKA_PASSWORD]" >"$dir/format.log" 2>&1 \
      || fail "secure kafka storage format failed, see $dir/format.log"
  fi
  log "starting secure kafka on 127.0.0.1:$SASL_PORT (SASL_SSL) and :$MTLS_PORT (mTLS)"
  nohup java -Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j.configuration="file:$dir/log4j.properties" -Dkafka.logs.dir="$dir" \
    -cp "$cp" kafka.Kafka "$dir/server.properties" >"$dir/server.log" 2>&1 &
  echo $! >"$dir/kafka.pid"
  wait_for 90 kafka grep -q "Kafka Server started" "$dir/server.log" || fail "secure kafka did not start within 90 s, see $dir/server.log"
}

stop_all() {
  set +e
  if [ -f "$DIR/kafka/kafka.pid" ]; then
    pid=$(cat "$DIR/kafka/kafka.pid"); kill "$pid" 2>/dev/null && log "stopping secure kafka ($pid)"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null; rm -f "$DIR/kafka/kafka.pid"
  fi
  [ -f "$DIR/redis/redis.pid" ] && { kill "$(cat "$DIR/redis/redis.pid")" 2>/dev/null; rm -f "$DIR/redis/redis.pid"; log "stopping TLS redis"; }
  if [ -f "$DIR/postgres/postmaster.pid" ] && bin="$(pg_bindir)"; then
    log "stopping TLS postgres"
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$DIR/postgres" -m fast stop >/dev/null; else "$bin/pg_ctl" -D "$DIR/postgres" -m fast stop >/dev/null; fi
  fi
}

print_env() { # the settings a process needs to use it (SASL_SSL Kafka; the mTLS listener is on $MTLS_PORT)
  cat <<ENV
KAFKA_BROKERS=127.0.0.1:$SASL_PORT
KAFKA_SECURITY_PROTOCOL=SASL_SSL
KAFKA_SASL_MECHANISM=scram-sha-512
KAFKA_SASL_USERNAME=$KAFKA_USER
KAFKA_SASL_PASSWORD=$KAFKA_PASSWORD
KAFKA_TLS_CA_FILE=$CERTS/ca.pem
DATABASE_URL=postgresql://questline:$PG_PASSWORD@127.0.0.1:$PG_PORT/questline
DATABASE_TLS=true
DATABASE_TLS_CA_FILE=$CERTS/ca.pem
REDIS_URL=rediss://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT
REDIS_TLS_CA_FILE=$CERTS/ca.pem
ENV
}

case "${1:-up}" in
  up) mkdir -p "$DIR"; make_certs; start_postgres; start_redis; start_kafka; log "secure infrastructure ready (bash infra/secure.sh env prints its settings)" ;;
  down) stop_all ;;
  env) print_env ;;
  *) fail "usage: infra/secure.sh up|down|env" ;;
esac
