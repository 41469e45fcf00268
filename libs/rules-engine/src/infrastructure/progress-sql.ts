import type { SqlClient } from '@questline/persistence';
import { EARNED_KEY, type EarnedState, type ProgressEntry } from '@questline/rules';

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
  const entries: ProgressEntry[] = rows.map((r) => ({ userId: r.user_id, key: r.key, state: r.state, dueAt: r.due_at ? r.due_at.getTime() : null }));
  const found = new Set(entries.filter((e) => e.key === EARNED_KEY).map((e) => e.userId));
  const unseeded = [...new Set(keys.filter((k) => k.key === EARNED_KEY && !found.has(k.userId)).map((k) => k.userId))];
  return unseeded.length === 0 ? entries : entries.concat(await seedEarned(tx, tenantId, unseeded));
}

/**
 * A user's first earned entry starts from what the ledger already holds (balances and unlocks),
 * so a rule reading the level added to a running tenant sees existing users at their level. Awards
 * decided but not yet in the ledger at that moment are not in the seed.
 */
async function seedEarned(tx: SqlClient, tenantId: string, userIds: string[]): Promise<ProgressEntry[]> {
  const seeds = new Map<string, EarnedState>(userIds.map((u) => [u, { lifetime: {}, net: {}, badges: [] }]));
  const balances = await tx.query<{ user_id: string; currency: string; lifetime: string; net: string }>(
    'SELECT user_id, currency, lifetime::text, net::text FROM balance WHERE tenant_id = $1 AND user_id = ANY($2::text[])',
    [tenantId, userIds],
  );
  for (const b of balances.rows) {
    seeds.get(b.user_id)!.lifetime[b.currency] = Number(b.lifetime);
    seeds.get(b.user_id)!.net[b.currency] = Number(b.net);
  }
  const unlocks = await tx.query<{ user_id: string; achievement_id: string }>('SELECT user_id, achievement_id FROM achievement_unlock WHERE tenant_id = $1 AND user_id = ANY($2::text[])', [tenantId, userIds]);
  for (const u of unlocks.rows) seeds.get(u.user_id)!.badges.push(u.achievement_id);
  return [...seeds].map(([userId, state]) => ({ userId, key: EARNED_KEY, state, dueAt: null }));
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
