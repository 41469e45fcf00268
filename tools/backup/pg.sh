# The PostgreSQL client tools: on PATH, else the apt install's (the same ones infra/up.sh starts).
pg_tools() {
  if command -v pg_dump >/dev/null && command -v pg_restore >/dev/null && command -v psql >/dev/null; then dirname "$(command -v pg_dump)"; return 0; fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_dump" ] && [ -x "$d/pg_restore" ] && { echo "$d"; return 0; }
  done
  echo "backup: pg_dump/pg_restore not found (install the postgresql-client package)" >&2
  return 1
}

# The platform's TLS settings for Postgres, in libpq's words (pg_dump, pg_restore and psql read them).
# Certificates given as text (DATABASE_TLS_CA and friends) go to private temporary files, removed on exit.
# libpq before 16 has no "system" root store: with DATABASE_TLS_VERIFY=full or ca, give DATABASE_TLS_CA.
pg_tls_env() {
  if [ -n "${DATABASE_URL_FILE:-}" ] && [ -z "${DATABASE_URL:-}" ]; then
    DATABASE_URL="$(cat "$DATABASE_URL_FILE")" || { echo "backup: cannot read DATABASE_URL_FILE=$DATABASE_URL_FILE" >&2; exit 2; }
    export DATABASE_URL
  fi
  [ "${DATABASE_TLS:-false}" = true ] || return 0
  case "${DATABASE_TLS_VERIFY:-full}" in
    full) export PGSSLMODE=verify-full ;;
    ca) export PGSSLMODE=verify-ca ;;
    none) export PGSSLMODE=require ;;
    *) echo "backup: DATABASE_TLS_VERIFY must be full, ca or none (got '${DATABASE_TLS_VERIFY}')" >&2; exit 2 ;;
  esac
  local pair var file tmp
  QL_TLS_TMP=()
  trap 'rm -f "${QL_TLS_TMP[@]}"' EXIT
  for pair in CA:PGSSLROOTCERT CERT:PGSSLCERT KEY:PGSSLKEY; do
    var="DATABASE_TLS_${pair%%:*}"; file="${var}_FILE"
    if [ -n "${!file:-}" ]; then
      [ -r "${!file}" ] || { echo "backup: cannot read ${file}=${!file}" >&2; exit 2; }
      export "${pair#*:}=${!file}"
    elif [ -n "${!var:-}" ]; then
      tmp="$(mktemp)"; chmod 600 "$tmp"; QL_TLS_TMP+=("$tmp"); printf '%s\n' "${!var}" >"$tmp"; export "${pair#*:}=$tmp"
    fi
  done
}
