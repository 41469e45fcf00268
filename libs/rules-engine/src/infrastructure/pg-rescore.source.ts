import { Inject, Injectable } from '@nestjs/common';
import type { CanonicalEnvelope, Scopes } from '@questline/contracts';
import { deletedUsers, PG_POOL, withTransaction, type SqlPool } from '@questline/persistence';
import { lockAll } from './progress-sql';
import type { ProgressEntry } from '@questline/rules';
import type { EventCursor, Holding, RescoreSource, ReversalPick } from '../domain/rescore.source';

/**
 * Reads ingest's `ingested_event` and points' `ledger_entry` (read-only; the services share one
 * database). Corrections never go through here: they go to points as scored messages.
 */
@Injectable()
export class PgRescoreSource implements RescoreSource {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async processedEvents(tenantId: string, from: Date, to: Date, cursor: EventCursor | undefined, limit: number) {
    // Events of the same time in the order they arrived (and were scored live); events accepted
    // before `arrival` existed have 0, then id order. The (tenant_id, occurred_at, id) index gives
    // the time order; each run of equal times is sorted on its own (an incremental sort).
    // (The output column is `event_id`: named `id`, the ORDER BY would sort the text, not the uuid the cursor compares.)
    const { rows } = await this.pool.query<{ event_id: string; at: string; arrival: string; envelope: CanonicalEnvelope; reversed: boolean }>(
      `SELECT e.id::text AS event_id, e.occurred_at::text AS at, coalesce(e.arrival, 0)::text AS arrival, e.envelope,
              EXISTS (SELECT 1 FROM event_reversal r WHERE r.tenant_id = e.tenant_id AND r.event_id = e.id) AS reversed
         FROM ingested_event e
        WHERE e.tenant_id = $1 AND e.status = 'processed' AND e.occurred_at >= $2 AND e.occurred_at < $3
          AND ($4::timestamptz IS NULL OR (e.occurred_at >= $4::timestamptz AND (e.occurred_at, coalesce(e.arrival, 0), e.id) > ($4::timestamptz, $5::bigint, $6::uuid)))
        ORDER BY e.occurred_at, coalesce(e.arrival, 0), e.id LIMIT $7`,
      [tenantId, from, to, cursor?.occurredAt ?? null, cursor?.arrival ?? '0', cursor?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    const reversed = new Set(rows.filter((r) => r.reversed).map((r) => r.event_id));
    return { events: rows.map((r) => r.envelope), ...(reversed.size > 0 ? { reversed } : {}), ...(last ? { cursor: { occurredAt: last.at, arrival: last.arrival, id: last.event_id } } : {}) };
  }

  async eventsToReverse(tenantId: string, pick: ReversalPick, limit: number) {
    const { rows } = await this.pool.query<{ envelope: CanonicalEnvelope; reversed: boolean }>(
      `SELECT e.envelope, EXISTS (SELECT 1 FROM event_reversal r WHERE r.tenant_id = e.tenant_id AND r.event_id = e.id) AS reversed
         FROM ingested_event e
        WHERE e.tenant_id = $1 AND e.status = 'processed'
          AND ($2::uuid[] IS NULL OR e.id = ANY($2::uuid[])) AND ($3::text IS NULL OR e.user_id = $3) AND ($4::text IS NULL OR e.type = $4)
          AND ($5::timestamptz IS NULL OR e.occurred_at >= $5) AND ($6::timestamptz IS NULL OR e.occurred_at < $6)
          AND ($8::text[] IS NULL OR e.idempotency_key = ANY($8::text[]))
          AND ($9::jsonb IS NULL OR e.envelope->'payload' @> $9::jsonb)
        ORDER BY e.occurred_at, e.id LIMIT $7`,
      [tenantId, pick.eventIds ?? null, pick.userId ?? null, pick.type ?? null, pick.from ?? null, pick.to ?? null, limit, pick.idempotencyKeys ?? null, pick.payload ? JSON.stringify(pick.payload) : null],
    );
    return rows.map((r) => ({ event: r.envelope, reversed: r.reversed }));
  }

  async holdings(tenantId: string, eventIds: string[]) {
    const { rows } = await this.pool.query<{ event_id: string; user_id: string; currency: string; public: boolean; scopes: Scopes | null; total: string; asked: string; entries: number }>(
      `SELECT source_event_id::text AS event_id, user_id, currency, public, scopes, sum(amount)::text AS total, sum(coalesce(requested, amount))::text AS asked, count(*)::int AS entries FROM ledger_entry
        WHERE tenant_id = $1 AND source_event_id = ANY($2::uuid[]) AND coalesce(strpos(rule_id, ':'), 0) = 0
        GROUP BY source_event_id, user_id, currency, public, scopes
        ORDER BY 1, 2, 3, 4 DESC, scopes::text`,
      [tenantId, eventIds],
    );
    return rows.map((r) => ({ eventId: r.event_id, userId: r.user_id, currency: r.currency, public: r.public, scopes: r.scopes, total: Number(r.total), asked: Number(r.asked), entries: r.entries }));
  }

  async erased(tenantId: string, userIds: string[]): Promise<Set<string>> {
    const gone = await deletedUsers(this.pool, userIds.map((userId) => ({ tenantId, userId })));
    return new Set([...gone].map((k) => k.slice(tenantId.length + 1)));
  }

  async releaseApplications(tenantId: string, eventIds: string[]): Promise<number> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{ user_id: string; rule_id: string }>(
        'SELECT DISTINCT user_id, rule_id FROM rule_application WHERE tenant_id = $1 AND event_id = ANY($2::uuid[])',
        [tenantId, eventIds],
      );
      if (rows.length === 0) return 0;
      // The (recipient, rule) locks a live decision holds while it reads and writes them.
      await lockAll(tx, rows.map((r) => `${tenantId}\u001f${r.user_id}\u001f${r.rule_id}`));
      const deleted = await tx.query('DELETE FROM rule_application WHERE tenant_id = $1 AND event_id = ANY($2::uuid[])', [tenantId, eventIds]);
      return deleted.rowCount ?? 0;
    });
  }

  async recordReversals(tenantId: string, eventIds: string[], runId: string, reason: string, actor: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO event_reversal (tenant_id, event_id, run_id, reason, actor) SELECT $1, id, $3::uuid, $4, $5 FROM unnest($2::uuid[]) AS id
        ON CONFLICT (tenant_id, event_id) DO NOTHING`,
      [tenantId, eventIds, runId, reason, actor],
    );
  }

  async ledgerByEvent(tenantId: string, eventIds: string[]): Promise<Map<string, Map<string, Holding>>> {
    const { rows } = await this.pool.query<{ source_event_id: string; user_id: string; currency: string; total: string; asked: string; entries: number }>(
      `SELECT source_event_id::text, user_id, currency, sum(amount)::text AS total, sum(coalesce(requested, amount))::text AS asked, count(*)::int AS entries FROM ledger_entry
        WHERE tenant_id = $1 AND source_event_id = ANY($2::uuid[]) AND coalesce(strpos(rule_id, ':'), 0) = 0 GROUP BY 1, 2, 3`,
      [tenantId, eventIds],
    );
    const held = new Map<string, Map<string, Holding>>();
    for (const r of rows) {
      const perEvent = held.get(r.source_event_id) ?? new Map<string, Holding>();
      perEvent.set(`${r.user_id}\u001f${r.currency}`, { total: Number(r.total), asked: Number(r.asked), entries: r.entries });
      held.set(r.source_event_id, perEvent);
    }
    return held;
  }

  async bookedScopes(tenantId: string, eventIds: string[]): Promise<Map<string, Scopes | null>> {
    if (eventIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ event_id: string; scopes: Scopes | null }>(
      // The entries ledgerByEvent compares (rule awards and their corrections: rule ids without a
      // `:`), not an achievement's reward (`badge:…`) or a progress reward booked on the event.
      `SELECT DISTINCT ON (source_event_id) source_event_id::text AS event_id, scopes FROM ledger_entry
        WHERE tenant_id = $1 AND source_event_id = ANY($2::uuid[]) AND coalesce(strpos(rule_id, ':'), 0) = 0 ORDER BY source_event_id, id`,
      [tenantId, eventIds],
    );
    return new Map(rows.map((r) => [r.event_id, r.scopes]));
  }

  async progressLedger(tenantId: string, eventIds: string[]): Promise<({ key: string; eventId: string } & Holding)[]> {
    const { rows } = await this.pool.query<{ user_id: string; currency: string; rule_id: string; event_id: string; total: string; asked: string; entries: number }>(
      `SELECT user_id, currency, rule_id, source_event_id::text AS event_id, sum(amount)::text AS total, sum(coalesce(requested, amount))::text AS asked, count(*)::int AS entries FROM ledger_entry
        WHERE tenant_id = $1 AND source_event_id = ANY($2::uuid[]) AND split_part(rule_id, ':', 1) IN ('streak', 'mission', 'quest', 'counter', 'metric')
        GROUP BY 1, 2, 3, 4`,
      [tenantId, eventIds],
    );
    return rows.map((r) => ({ key: `${r.user_id}\u001f${r.currency}\u001f${r.rule_id}`, eventId: r.event_id, total: Number(r.total), asked: Number(r.asked), entries: r.entries }));
  }

  async storedProgress(tenantId: string, userIds: string[]): Promise<ProgressEntry[]> {
    if (userIds.length === 0) return [];
    const { rows } = await this.pool.query<{ user_id: string; key: string; state: unknown }>('SELECT user_id, key, state FROM progress_state WHERE tenant_id = $1 AND user_id = ANY($2::text[])', [
      tenantId,
      userIds,
    ]);
    return rows.map((r) => ({ userId: r.user_id, key: r.key, state: r.state, dueAt: null }));
  }

  /** Keys: `${userId}\u001f${currency}` for balances, `${userId}\u001f${achievementId}` for unlocks. */
  async priorCorrections(tenantId: string, userIds: string[]): Promise<Map<string, { net: number; lifetime: number }>> {
    const { rows } = await this.pool.query<{ user_id: string; currency: string; net: string; lifetime: string }>(
      `SELECT user_id, currency, sum(amount)::text AS net, sum(coalesce(lifetime_credit, greatest(amount, 0)))::text AS lifetime FROM ledger_entry
        WHERE tenant_id = $1 AND user_id = ANY($2::text[]) AND kind = 'compensate' GROUP BY 1, 2`,
      [tenantId, userIds],
    );
    return new Map(rows.map((r) => [`${r.user_id}\u001f${r.currency}`, { net: Number(r.net), lifetime: Number(r.lifetime) }]));
  }

  async standing(tenantId: string, userIds: string[]) {
    const [balances, unlocks, revocations] = await Promise.all([
      this.pool.query<{ user_id: string; currency: string; lifetime: string; net: string }>(
        'SELECT user_id, currency, lifetime::text, net::text FROM balance WHERE tenant_id = $1 AND user_id = ANY($2::text[])',
        [tenantId, userIds],
      ),
      this.pool.query<{ user_id: string; achievement_id: string }>('SELECT user_id, achievement_id FROM achievement_unlock WHERE tenant_id = $1 AND user_id = ANY($2::text[])', [tenantId, userIds]),
      this.pool.query<{ user_id: string; achievement_id: string }>('SELECT user_id, achievement_id FROM achievement_revocation WHERE tenant_id = $1 AND user_id = ANY($2::text[])', [tenantId, userIds]),
    ]);
    return {
      balances: new Map(balances.rows.map((b) => [`${b.user_id}\u001f${b.currency}`, { lifetime: Number(b.lifetime), net: Number(b.net) }])),
      unlocked: new Set(unlocks.rows.map((u) => `${u.user_id}\u001f${u.achievement_id}`)),
      revoked: new Set(revocations.rows.map((u) => `${u.user_id}\u001f${u.achievement_id}`)),
    };
  }

  async acquireLease(tenantId: string, runId: string, ttlMs: number): Promise<{ held: true } | { held: false; runId: string; since: string; until: string }> {
    const took = await this.pool.query(
      `INSERT INTO rescore_lease (tenant_id, run_id, started_at, lease_until) VALUES ($1, $2::uuid, now(), now() + $3::int * interval '1 millisecond')
        ON CONFLICT (tenant_id) DO UPDATE SET run_id = EXCLUDED.run_id, started_at = EXCLUDED.started_at, lease_until = EXCLUDED.lease_until
        WHERE rescore_lease.lease_until <= now()
        RETURNING run_id`,
      [tenantId, runId, ttlMs],
    );
    if (took.rows.length > 0) return { held: true as const };
    const { rows } = await this.pool.query<{ run_id: string; since: string; until: string }>(
      `SELECT run_id::text, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS since, to_char(lease_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS until
         FROM rescore_lease WHERE tenant_id = $1`,
      [tenantId],
    );
    // Released between the two statements: try once more (the next caller may win it instead).
    if (!rows[0]) return this.acquireLease(tenantId, runId, ttlMs);
    return { held: false as const, runId: rows[0].run_id, since: rows[0].since, until: rows[0].until };
  }

  async renewLease(tenantId: string, runId: string, ttlMs: number): Promise<void> {
    await this.pool.query(`UPDATE rescore_lease SET lease_until = now() + $3::int * interval '1 millisecond' WHERE tenant_id = $1 AND run_id = $2::uuid`, [tenantId, runId, ttlMs]);
  }

  async releaseLease(tenantId: string, runId: string): Promise<void> {
    await this.pool.query('DELETE FROM rescore_lease WHERE tenant_id = $1 AND run_id = $2::uuid', [tenantId, runId]);
  }

  async landed(tenantId: string, keys: string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ idempotency_key: string }>('SELECT idempotency_key FROM ledger_entry WHERE tenant_id = $1 AND idempotency_key = ANY($2::text[])', [tenantId, keys]);
    return rows.map((r) => r.idempotency_key);
  }
}
