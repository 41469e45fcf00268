#!/usr/bin/env bash
# Restores a backup into an EMPTY database: `npm run -s restore -- <file> <DATABASE_URL>`.
#
# One transaction (`--single-transaction --exit-on-error`): the database ends up with the whole
# backup or with nothing. A database that already has Questline's tables is refused (restore into
# a new one, then point DATABASE_URL at it). Afterwards start the platform on it and rebuild the
# boards from the ledger (POST /v1/admin/leaderboards/rebuild, one call per tenant), then check
# GET /v1/admin/leaderboards/{board}/reconcile: see the README's "Backup and restore".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/backup/pg.sh
source "$here/pg.sh"
pg_tls_env

file="${1:?usage: restore.sh <file> <DATABASE_URL>}"
url="${2:?usage: restore.sh <file> <DATABASE_URL> (an empty database)}"
bin="$(pg_tools)"
[ -s "$file" ] || { echo "restore: $file is missing or empty" >&2; exit 2; }
tables="$("$bin/psql" "$url" -qtAc "select count(*) from information_schema.tables where table_schema = 'public' and table_name in ('ledger_entry', '_prisma_migrations')")"
if [ "$tables" != "0" ]; then
  echo "restore: the target database already has Questline's tables; restore into an empty database" >&2
  exit 2
fi
"$bin/pg_restore" --single-transaction --exit-on-error --no-owner --no-privileges --dbname="$url" "$file"
"$bin/psql" "$url" -qtAc 'ANALYZE' >/dev/null
echo "restore: $file restored into $(echo "$url" | sed -E 's#//[^@]*@#//#')"
