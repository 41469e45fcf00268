import { Inject, Injectable } from '@nestjs/common';
import { deletedUsers, PG_POOL, withTransaction, type SqlPool } from '@questline/persistence';
import type { ConsentRepository, UnlinkedEvent } from '../domain/consent.repository';

@Injectable()
export class PgConsentRepository implements ConsentRepository {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async deleted(tenantId: string, userIds: string[]): Promise<Set<string>> {
    const found = await deletedUsers(this.pool, [...new Set(userIds)].map((userId) => ({ tenantId, userId })));
    return new Set([...found].map((k) => k.slice(tenantId.length + 1)));
  }

  async decisions(tenantId: string, userIds: string[]): Promise<Map<string, Map<string, boolean>>> {
    const out = new Map<string, Map<string, boolean>>();
    if (userIds.length === 0) return out;
    const { rows } = await this.pool.query<{ user_id: string; consent: string; granted: boolean }>(
      'SELECT user_id, consent, granted FROM user_consent WHERE tenant_id = $1 AND user_id = ANY($2::text[])',
      [tenantId, [...new Set(userIds)]],
    );
    for (const r of rows) {
      const m = out.get(r.user_id) ?? new Map<string, boolean>();
      m.set(r.consent, r.granted);
      out.set(r.user_id, m);
    }
    return out;
  }

  async record(tenantId: string, userId: string, decisions: Record<string, boolean>): Promise<Record<string, { granted: boolean; updatedAt: string }>> {
    const names = Object.keys(decisions);
    if (names.length > 0) {
      await this.pool.query(
        `INSERT INTO user_consent (tenant_id, user_id, consent, granted)
           SELECT $1, $2, c, g FROM unnest($3::text[], $4::boolean[]) AS t(c, g)
         ON CONFLICT (tenant_id, user_id, consent) DO UPDATE SET granted = EXCLUDED.granted, updated_at = now()`,
        [tenantId, userId, names, names.map((n) => decisions[n])],
      );
    }
    return this.list(tenantId, userId);
  }

  async list(tenantId: string, userId: string): Promise<Record<string, { granted: boolean; updatedAt: string }>> {
    const { rows } = await this.pool.query<{ consent: string; granted: boolean; updated_at: Date }>(
      'SELECT consent, granted, updated_at FROM user_consent WHERE tenant_id = $1 AND user_id = $2 ORDER BY consent',
      [tenantId, userId],
    );
    return Object.fromEntries(rows.map((r) => [r.consent, { granted: r.granted, updatedAt: r.updated_at.toISOString() }]));
  }

  async settleUnlinked(events: UnlinkedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await withTransaction(this.pool, async (tx) => {
      // Only events still queued are counted: a redelivered one (already processed) counts nothing.
      const { rows } = await tx.query<{ tenant_id: string; type: string; day: string; reason: string }>(
        `UPDATE ingested_event e
            SET status = 'processed', published_at = now(), updated_at = now(), outcomes = jsonb_build_object('unlinked', u.reason)
           FROM unnest($1::text[], $2::uuid[], $3::text[]) AS u(tenant_id, id, reason)
          WHERE e.tenant_id = u.tenant_id AND e.id = u.id AND e.status = 'queued'
          RETURNING e.tenant_id, e.type, (e.occurred_at AT TIME ZONE 'UTC')::date::text AS day, u.reason`,
        [events.map((e) => e.tenantId), events.map((e) => e.id), events.map((e) => e.reason)],
      );
      if (rows.length === 0) return;
      await tx.query(
        `INSERT INTO unlinked_activity (tenant_id, day, type, reason, count)
           SELECT tenant_id, day::date, type, reason, count(*) FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(tenant_id, day, type, reason)
            GROUP BY tenant_id, day, type, reason
         ON CONFLICT (tenant_id, day, type, reason) DO UPDATE SET count = unlinked_activity.count + EXCLUDED.count`,
        [rows.map((r) => r.tenant_id), rows.map((r) => r.day), rows.map((r) => r.type), rows.map((r) => r.reason)],
      );
    });
  }
}
