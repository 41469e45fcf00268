// Deleted users (data-subject deletion): every context that links something to a user asks here
// first, once per batch, so a redelivered or replayed message cannot bring a deleted user back.
import { createHash } from 'node:crypto';
import type { SqlClient, SqlPool } from './prisma-client';

/** How a deleted user is recorded: a SHA-256 of tenant and user id (the id itself is not kept). */
export function userHash(tenantId: string, userId: string): string {
  return createHash('sha256').update(`${tenantId}\n${userId}`).digest('hex');
}

/** Of these (tenant, user) pairs, the deleted ones, as `<tenant>\n<user>`. One indexed query. */
export async function deletedUsers(db: SqlClient | SqlPool, pairs: { tenantId: string; userId: string }[]): Promise<Set<string>> {
  const byHash = new Map<string, { tenantId: string; key: string }>();
  for (const p of pairs) byHash.set(userHash(p.tenantId, p.userId), { tenantId: p.tenantId, key: `${p.tenantId}\n${p.userId}` });
  if (byHash.size === 0) return new Set();
  const { rows } = await db.query<{ user_hash: string }>('SELECT user_hash FROM user_tombstone WHERE (tenant_id, user_hash) IN (SELECT * FROM unnest($1::text[], $2::text[]))', [
    [...byHash.values()].map((v) => v.tenantId),
    [...byHash.keys()],
  ]);
  return new Set(rows.map((r) => byHash.get(r.user_hash)!.key));
}
