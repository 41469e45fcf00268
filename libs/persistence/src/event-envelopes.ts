// Reads of the event store that other contexts need (the outbound projection and the dead-letter
// copies read the events that caused what they handle), in one place and one query per batch.
import type { SqlClient, SqlPool } from './prisma-client';

/** The stored envelopes of these (tenant, event id) pairs, keyed `<tenant>|<id>`; ids that are not UUIDs are skipped. */
export async function readEventEnvelopes<T>(db: SqlClient | SqlPool, keys: { tenantId: string; id: string }[]): Promise<Map<string, T>> {
  const wanted = keys.filter((k) => /^[0-9a-f-]{36}$/i.test(k.id));
  if (wanted.length === 0) return new Map();
  const { rows } = await db.query<{ tenant_id: string; id: string; envelope: T }>(
    'SELECT tenant_id, id::text, envelope FROM ingested_event WHERE (tenant_id, id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))',
    [wanted.map((k) => k.tenantId), wanted.map((k) => k.id)],
  );
  return new Map(rows.map((r) => [`${r.tenant_id}|${r.id}`, r.envelope]));
}
