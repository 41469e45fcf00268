import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, withTransaction, type SqlPool } from '@questline/persistence';
import type { DueProgress, ProgressRepository } from '../domain/decision.store';
import { loadProgress, lockAll, progressLockKey, saveProgress } from './progress-sql';

@Injectable()
export class PgProgressRepository implements ProgressRepository {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

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
