import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, scopeList, type SqlPool } from '@questline/persistence';
import type { Scopes } from '@questline/contracts';
import type { BoardEntry, BoardLedgerReader } from '../domain/board-ledger.reader';
import type { BoardScope } from '../domain/rank-store.port';

/** An entry counts in the scope named by $5 (dimension) and $6 (value), or in every one when $5 is null: the dimension's one value, or a list holding it. */
const IN_SCOPE = '($5::text IS NULL OR l.scopes -> $5 @> to_jsonb($6::text))';

/** Board queries over the points ledger (`ledger_entry`), read-only. */
@Injectable()
export class PgBoardLedgerReader implements BoardLedgerReader {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async boardTotals(tenantId: string, currency: string, from: Date, to: Date, scope?: BoardScope): Promise<{ userId: string; score: number; lastAt: number }[]> {
    const { rows } = await this.pool.query<{ user_id: string; score: string; last_at: Date }>(
      `SELECT l.user_id, sum(l.amount)::text AS score, max(l.occurred_at) AS last_at FROM ledger_entry l
        WHERE l.tenant_id = $1 AND l.currency = $2 AND l.occurred_at >= $3 AND l.occurred_at < $4 AND l.public
          AND l.kind IN ('earn', 'adjust', 'compensate')
          AND ${IN_SCOPE}
          AND NOT EXISTS (SELECT 1 FROM leaderboard_exclusion x WHERE x.tenant_id = l.tenant_id AND x.user_id = l.user_id)
          AND NOT starts_with(l.user_id, 'deleted:') -- erased users (ERASED_USER_PREFIX) rank nowhere, finished periods included
        GROUP BY l.user_id`,
      [tenantId, currency, from, to, scope?.dimension ?? null, scope?.value ?? null],
    );
    return rows.map((r) => ({ userId: r.user_id, score: Number(r.score), lastAt: r.last_at.getTime() }));
  }

  async hasEntries(tenantId: string, currency: string, from: Date, to: Date, scope?: BoardScope): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ledger_entry l
        WHERE l.tenant_id = $1 AND l.currency = $2 AND l.occurred_at >= $3 AND l.occurred_at < $4 AND l.public
          AND l.kind IN ('earn', 'adjust', 'compensate') AND ${IN_SCOPE}
        LIMIT 1`,
      [tenantId, currency, from, to, scope?.dimension ?? null, scope?.value ?? null],
    );
    return rows.length > 0;
  }

  async recentBoardKeys(tenantId: string, currency: string, since: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ idempotency_key: string }>(
      `SELECT idempotency_key FROM ledger_entry WHERE tenant_id = $1 AND currency = $2 AND created_at >= $3 AND public AND kind IN ('earn', 'adjust', 'compensate')`,
      [tenantId, currency, since],
    );
    return rows.map((r) => r.idempotency_key);
  }

  async scopeValues(tenantId: string, currency: string, from: Date, to: Date, dimensions: string[]): Promise<BoardScope[]> {
    if (dimensions.length === 0) return [];
    const { rows } = await this.pool.query<{ dimension: string; value: string }>(
      `SELECT DISTINCT d.dimension, v.value
         FROM ledger_entry l CROSS JOIN unnest($5::text[]) AS d(dimension)
           CROSS JOIN LATERAL jsonb_array_elements_text(${scopeList('l.scopes -> d.dimension')}) AS v(value)
        WHERE l.tenant_id = $1 AND l.currency = $2 AND l.occurred_at >= $3 AND l.occurred_at < $4 AND l.public
          AND l.kind IN ('earn', 'adjust', 'compensate') AND l.scopes ? d.dimension
        ORDER BY 1, 2`,
      [tenantId, currency, from, to, dimensions],
    );
    return rows;
  }

  async userScopeValues(tenantId: string, userId: string, currencies: string[], dimension: string, limit: number): Promise<{ value: string; total: number }[]> {
    if (currencies.length === 0) return [];
    const { rows } = await this.pool.query<{ value: string; total: string }>(
      `SELECT v.value, sum(l.amount)::text AS total
         FROM ledger_entry l CROSS JOIN LATERAL jsonb_array_elements_text(${scopeList('l.scopes -> $4')}) AS v(value)
        WHERE l.tenant_id = $1 AND l.user_id = $2 AND l.currency = ANY($3::text[]) AND l.public
          AND l.kind IN ('earn', 'adjust', 'compensate') AND l.scopes ? $4
        GROUP BY v.value ORDER BY sum(l.amount) DESC, v.value LIMIT $5`,
      [tenantId, userId, currencies, dimension, limit],
    );
    return rows.map((r) => ({ value: r.value, total: Number(r.total) }));
  }

  async activeSpan(tenantId: string, currency: string, from: Date): Promise<{ first: number; last: number } | null> {
    // Two probes of the (tenant_id, currency, occurred_at) index.
    const { rows } = await this.pool.query<{ first: Date | null; last: Date | null }>(
      `SELECT (SELECT occurred_at FROM ledger_entry WHERE tenant_id = $1 AND currency = $2 AND occurred_at >= $3 AND public AND kind IN ('earn', 'adjust', 'compensate') ORDER BY occurred_at LIMIT 1) AS first,
              (SELECT occurred_at FROM ledger_entry WHERE tenant_id = $1 AND currency = $2 AND occurred_at >= $3 AND public AND kind IN ('earn', 'adjust', 'compensate') ORDER BY occurred_at DESC LIMIT 1) AS last`,
      [tenantId, currency, from],
    );
    const r = rows[0];
    return r?.first && r.last ? { first: r.first.getTime(), last: r.last.getTime() } : null;
  }

  async recentlyWritten(tenantId: string, currency: string, from: Date, to: Date, sinceMs: number): Promise<boolean> {
    // Through the (tenant_id, created_at) index: only the last moments' writes are read.
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ledger_entry WHERE tenant_id = $1 AND created_at >= $5 AND currency = $2 AND occurred_at >= $3 AND occurred_at < $4
          AND public AND kind IN ('earn', 'adjust', 'compensate') LIMIT 1`,
      [tenantId, currency, from, to, new Date(sinceMs)],
    );
    return rows.length > 0;
  }

  async boardEntries(tenantId: string, userId: string, currencies: string[]): Promise<BoardEntry[]> {
    const { rows } = await this.pool.query<{ currency: string; amount: string; occurred_at: Date; scopes: Scopes | null }>(
      `SELECT currency, amount::text, occurred_at, scopes FROM ledger_entry
        WHERE tenant_id = $1 AND user_id = $2 AND currency = ANY($3) AND public AND kind IN ('earn', 'adjust', 'compensate')`,
      [tenantId, userId, currencies],
    );
    return rows.map((r) => ({ currency: r.currency, amount: Number(r.amount), occurredAt: r.occurred_at.getTime(), scopes: r.scopes ?? undefined }));
  }
}
