// Deleted users (data-subject deletion): every context that links something to a user asks here
// first, once per batch, so a redelivered or replayed message cannot bring a deleted user back.
import { sha256 } from '@questline/contracts';
import type { SqlClient, SqlPool } from './prisma-client';

/** How a deleted user is recorded: a SHA-256 of tenant and user id (the id itself is not kept). */
export function userHash(tenantId: string, userId: string): string {
  return sha256(`${tenantId}\n${userId}`);
}

/**
 * Of these (tenant, user) pairs, the deleted ones, as `<tenant>\n<user>`. One indexed query. A
 * batch names the same user many times: each distinct pair is hashed once.
 */
export async function deletedUsers(db: SqlClient | SqlPool, pairs: { tenantId: string; userId: string }[]): Promise<Set<string>> {
  const distinct = new Map<string, string>();
  for (const p of pairs) {
    const key = `${p.tenantId}\n${p.userId}`;
    if (!distinct.has(key)) distinct.set(key, p.tenantId);
  }
  const byHash = new Map<string, { tenantId: string; key: string }>();
  for (const [key, tenantId] of distinct) byHash.set(sha256(key), { tenantId, key });
  if (byHash.size === 0) return new Set();
  const { rows } = await db.query<{ user_hash: string }>('SELECT user_hash FROM user_tombstone WHERE (tenant_id, user_hash) IN (SELECT * FROM unnest($1::text[], $2::text[]))', [
    [...byHash.values()].map((v) => v.tenantId),
    [...byHash.keys()],
  ]);
  return new Set(rows.map((r) => byHash.get(r.user_hash)!.key));
}
