import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, withTransaction, type SqlPool } from '@questline/persistence';
import type { DueProgress, ProgressRepository } from '../domain/decision.store';
import { loadProgress, lockAll, progressLockKey, saveProgress } from './progress-sql';

@Injectable()
export class PgProgressRepository implements ProgressRepository {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async ruleSums(tenantId: string, userId: string, windows: { rules: string[]; fromMs: number; toMs: number }[]): Promise<number[]> {
    if (windows.length === 0) return [];
    // One statement: each window's sum over the user's rule applications (the rows caps are decided on).
    const { rows } = await this.pool.query<{ i: number; used: string }>(
      `SELECT w.i, coalesce((SELECT sum(a.amount) FROM rule_application a
                              WHERE a.tenant_id = $1 AND a.user_id = $2 AND a.rule_id = ANY(string_to_array(w.rules, chr(31)))
                                AND a.occurred_at >= to_timestamp(w.f / 1000.0) AND a.occurred_at < to_timestamp(w.t / 1000.0)), 0)::text AS used
         FROM unnest($3::int[], $4::text[], $5::float8[], $6::float8[]) AS w(i, rules, f, t)`,
      [tenantId, userId, windows.map((_, i) => i), windows.map((w) => w.rules.join('\u001f')), windows.map((w) => w.fromMs), windows.map((w) => w.toMs)],
    );
    const out = windows.map(() => 0);
    for (const r of rows) out[r.i] = Number(r.used);
    return out;
  }

  async list(tenantId: string, userId: string, prefixes: string[]): Promise<Map<string, unknown>> {
    const { rows } = await this.pool.query<{ key: string; state: unknown }>(
      `SELECT key, state FROM progress_state WHERE tenant_id = $1 AND user_id = $2 AND key LIKE ANY($3::text[])`,
      [tenantId, userId, prefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
    );
    return new Map(rows.map((r) => [r.key, r.state]));
  }

  async sweepDue(
    now: Date,
    limit: number,
    apply: (due: DueProgress[]) => Promise<{ tenantId: string; userId: string; key: string; state: unknown; dueAt: number | null }[]>,
  ): Promise<number> {
    return withTransaction(this.pool, async (tx) => {
      const { rows: candidates } = await tx.query<{ tenant_id: string; user_id: string; key: string }>(
        'SELECT tenant_id, user_id, key FROM progress_state WHERE due_at <= $1 ORDER BY due_at LIMIT $2',
        [now, limit],
      );
      if (candidates.length === 0) return 0;
      // The same locks event scoring takes, then a fresh read: an event scored meanwhile is seen.
      await lockAll(tx, candidates.map((c) => progressLockKey(c.tenant_id, c.user_id, c.key)));
      const byTenant = new Map<string, { userId: string; key: string }[]>();
      for (const c of candidates) byTenant.set(c.tenant_id, [...(byTenant.get(c.tenant_id) ?? []), { userId: c.user_id, key: c.key }]);
      const due: DueProgress[] = [];
      for (const [tenantId, keys] of byTenant) {
        for (const e of await loadProgress(tx, tenantId, keys)) if (e.dueAt !== null && e.dueAt <= now.getTime()) due.push({ tenantId, userId: e.userId, key: e.key, state: e.state });
      }
      const updates = await apply(due);
      const updatesByTenant = new Map<string, typeof updates>();
      for (const u of updates) updatesByTenant.set(u.tenantId, [...(updatesByTenant.get(u.tenantId) ?? []), u]);
      for (const [tenantId, list] of updatesByTenant) await saveProgress(tx, tenantId, list);
      return due.length;
    });
  }

  async update<T>(tenantId: string, userId: string, key: string, change: (state: unknown) => Promise<{ state: unknown; dueAt: number | null; result: T }>): Promise<T> {
    return withTransaction(this.pool, async (tx) => {
      await lockAll(tx, [progressLockKey(tenantId, userId, key)]);
      const [entry] = await loadProgress(tx, tenantId, [{ userId, key }]);
      const changed = await change(entry?.state);
      await saveProgress(tx, tenantId, [{ userId, key, state: changed.state, dueAt: changed.dueAt }]);
      return changed.result;
    });
  }
}
