import type { SqlClient } from '@questline/persistence';
import type { ProgressEntry } from '@questline/rules';

/** The advisory-lock key of a user's progress entry (shared by event scoring and the streak job). */
export const progressLockKey = (tenantId: string, userId: string, key: string) => `${tenantId}\u001f${userId}\u001fprogress\u001f${key}`;

/** Takes transaction-scoped advisory locks in sorted order, so concurrent holders cannot deadlock. */
export async function lockAll(tx: SqlClient, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k', [[...new Set(keys)].sort()]);
}

export async function loadProgress(tx: SqlClient, tenantId: string, keys: { userId: string; key: string }[]): Promise<ProgressEntry[]> {
  if (keys.length === 0) return [];
  const { rows } = await tx.query<{ user_id: string; key: string; state: unknown; due_at: Date | null }>(
    `SELECT p.user_id, p.key, p.state, p.due_at FROM progress_state p
       JOIN unnest($2::text[], $3::text[]) AS k(user_id, key) ON p.user_id = k.user_id AND p.key = k.key
      WHERE p.tenant_id = $1`,
    [tenantId, keys.map((k) => k.userId), keys.map((k) => k.key)],
  );
  return rows.map((r) => ({ userId: r.user_id, key: r.key, state: r.state, dueAt: r.due_at ? r.due_at.getTime() : null }));
}

export async function saveProgress(tx: SqlClient, tenantId: string, entries: ProgressEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO progress_state (tenant_id, user_id, key, state, due_at, updated_at)
     SELECT $1, u, k, s::jsonb, d, now() FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS x(u, k, s, d)
     ON CONFLICT (tenant_id, user_id, key) DO UPDATE SET state = excluded.state, due_at = excluded.due_at, updated_at = now()`,
    [tenantId, entries.map((e) => e.userId), entries.map((e) => e.key), entries.map((e) => JSON.stringify(e.state)), entries.map((e) => (e.dueAt === null ? null : new Date(e.dueAt)))],
  );
}
