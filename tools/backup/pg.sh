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
# Certificates given as text (DATABASE_TLS_CA and friends) are written to a private temporary file.
pg_tls_env() {
  [ -n "${DATABASE_URL_FILE:-}" ] && [ -z "${DATABASE_URL:-}" ] && DATABASE_URL="$(cat "$DATABASE_URL_FILE")" && export DATABASE_URL
  [ "${DATABASE_TLS:-false}" = true ] || return 0
  case "${DATABASE_TLS_VERIFY:-full}" in full) export PGSSLMODE=verify-full ;; ca) export PGSSLMODE=verify-ca ;; none) export PGSSLMODE=require ;; esac
  local pair var file
  for pair in CA:PGSSLROOTCERT CERT:PGSSLCERT KEY:PGSSLKEY; do
    var="DATABASE_TLS_${pair%%:*}"; file="${var}_FILE"
    if [ -n "${!file:-}" ]; then export "${pair#*:}=${!file}"
    elif [ -n "${!var:-}" ]; then
      local tmp; tmp="$(mktemp)"; chmod 600 "$tmp"; printf '%s\n' "${!var}" >"$tmp"; export "${pair#*:}=$tmp"
    fi
  done
}
