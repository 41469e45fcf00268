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
