#!/usr/bin/env bash
# Backs up Questline's database: `npm run -s backup -- <file> [DATABASE_URL]`.
#
# pg_dump's custom format (compressed, restorable table by table, in parallel) of one consistent
# snapshot: pg_dump reads everything in one repeatable-read transaction, so the platform can keep
# running while it works. Everything the platform keeps is in Postgres — the ledger, balances,
# badges, progress, periods, notifications, packs, keys, dead letters, tombstones; Redis holds only
# what the ledger rebuilds (boards) and Kafka only what is in flight. Restore with restore.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/backup/pg.sh
source "$here/pg.sh"
pg_tls_env

file="${1:?usage: backup.sh <file> [DATABASE_URL]}"
url="${2:-${DATABASE_URL:-postgresql://questline:questline@127.0.0.1:5432/questline}}"
bin="$(pg_tools)"
tmp="$file.partial"
"$bin/pg_dump" --format=custom --compress=6 --no-owner --no-privileges --file="$tmp" "$url"
# Only a complete dump takes the final name.
mv "$tmp" "$file"
echo "backup: $(du -h "$file" | cut -f1) written to $file ($("$bin/pg_restore" --list "$file" | grep -c 'TABLE DATA') tables)"
