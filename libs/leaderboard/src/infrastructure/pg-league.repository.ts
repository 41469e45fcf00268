import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, withTransaction, type SqlPool } from '@questline/persistence';
import { nextTier, type LeagueMemberView, type LeagueRepository, type LeagueSeat } from '../domain/league.repository';

const LAST_RESULTS = `
SELECT DISTINCT ON (user_id) user_id, tier, outcome FROM league_member
 WHERE tenant_id = $1 AND league_id = $2 AND user_id = ANY($3) AND week < $4 AND outcome IS NOT NULL
 ORDER BY user_id, week DESC`;

@Injectable()
export class PgLeagueRepository implements LeagueRepository {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async seat(tenantId: string, leagueId: string, week: string, userIds: string[], joiners: Set<string>, tiers: string[], cohortSize: number): Promise<Map<string, LeagueSeat>> {
    const out = new Map<string, LeagueSeat>();
    if (userIds.length === 0) return out;
    const users = [...new Set(userIds)].sort();
    const existing = async (q: { query: SqlPool['query'] }) => {
      const { rows } = await q.query<{ user_id: string; tier: string; cohort: number }>(
        `SELECT user_id, tier, cohort FROM league_member WHERE tenant_id = $1 AND league_id = $2 AND week = $3 AND user_id = ANY($4)`,
        [tenantId, leagueId, week, users],
      );
      for (const r of rows) out.set(r.user_id, { userId: r.user_id, tier: r.tier, cohort: r.cohort });
    };
    await existing(this.pool);
    const missing = users.filter((u) => !out.has(u) && joiners.has(u));
    if (missing.length === 0) return out;
    await withTransaction(this.pool, async (tx) => {
      const { rows: excluded } = await tx.query<{ user_id: string }>(`SELECT user_id FROM leaderboard_exclusion WHERE tenant_id = $1 AND user_id = ANY($2)`, [tenantId, missing]);
      const skip = new Set(excluded.map((r) => r.user_id));
      const { rows: last } = await tx.query<{ user_id: string; tier: string; outcome: string }>(LAST_RESULTS, [tenantId, leagueId, missing, week]);
      const tierOf = new Map(last.map((r) => [r.user_id, nextTier(tiers, r.tier, r.outcome)]));
      const byTier = new Map<string, string[]>();
      for (const u of missing.filter((m) => !skip.has(m))) {
        const tier = tierOf.get(u) ?? tiers[0]!;
        byTier.set(tier, [...(byTier.get(tier) ?? []), u]);
      }
      for (const [tier, list] of [...byTier].sort(([a], [b]) => a.localeCompare(b))) {
        // Seats are handed out from a counter row (its lock orders concurrent batches); a seat lost to a
        // concurrent insert of the same user leaves a gap, never a double seat.
        const { rows: [seat] } = await tx.query<{ taken: number }>(
          `INSERT INTO league_seat (tenant_id, league_id, week, tier, taken) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id, league_id, week, tier) DO UPDATE SET taken = league_seat.taken + excluded.taken RETURNING taken`,
          [tenantId, leagueId, week, tier, list.length],
        );
        const first = seat!.taken - list.length;
        await tx.query(
          `INSERT INTO league_member (tenant_id, league_id, week, user_id, tier, cohort)
           SELECT $1, $2, $3, u, $4, c FROM unnest($5::text[], $6::int[]) AS t(u, c)
           ON CONFLICT (tenant_id, league_id, week, user_id) DO NOTHING`,
          [tenantId, leagueId, week, tier, list, list.map((_, i) => Math.floor((first + i) / cohortSize))],
        );
      }
      await existing(tx);
    });
    return out;
  }

  async member(tenantId: string, leagueId: string, week: string, userId: string): Promise<LeagueMemberView | null> {
    const { rows } = await this.pool.query<{ tier: string; cohort: number; rank: number | null; score: string | null; outcome: LeagueMemberView['outcome'] }>(
      `SELECT tier, cohort, rank, score::text, outcome FROM league_member WHERE tenant_id = $1 AND league_id = $2 AND week = $3 AND user_id = $4`,
      [tenantId, leagueId, week, userId],
    );
    const r = rows[0];
    return r ? { userId, week, tier: r.tier, cohort: r.cohort, rank: r.rank, score: r.score === null ? null : Number(r.score), outcome: r.outcome } : null;
  }

  async cohort(tenantId: string, leagueId: string, week: string, tier: string, cohort: number): Promise<LeagueMemberView[]> {
    const { rows } = await this.pool.query<{ user_id: string; rank: number | null; score: string | null; outcome: LeagueMemberView['outcome'] }>(
      `SELECT user_id, rank, score::text, outcome FROM league_member
        WHERE tenant_id = $1 AND league_id = $2 AND week = $3 AND tier = $4 AND cohort = $5 ORDER BY rank NULLS LAST, joined_at, user_id`,
      [tenantId, leagueId, week, tier, cohort],
    );
    return rows.map((r) => ({ userId: r.user_id, week, tier, cohort, rank: r.rank, score: r.score === null ? null : Number(r.score), outcome: r.outcome }));
  }

  async tierFor(tenantId: string, leagueId: string, week: string, userId: string, tiers: string[]): Promise<string> {
    const { rows } = await this.pool.query<{ tier: string; outcome: string }>(LAST_RESULTS, [tenantId, leagueId, [userId], week]);
    return rows[0] ? nextTier(tiers, rows[0].tier, rows[0].outcome) : tiers[0]!;
  }

  async unsettled(tenantId: string, leagueId: string, week: string): Promise<{ tier: string; cohort: number }[]> {
    const { rows } = await this.pool.query<{ tier: string; cohort: number }>(
      `SELECT DISTINCT tier, cohort FROM league_member WHERE tenant_id = $1 AND league_id = $2 AND week = $3 AND outcome IS NULL ORDER BY tier, cohort`,
      [tenantId, leagueId, week],
    );
    return rows;
  }

  async cohortTotals(tenantId: string, leagueId: string, week: string, tier: string, cohort: number, currency: string, from: Date, to: Date) {
    const { rows } = await this.pool.query<{ user_id: string; score: string; last_at: Date | null; joined_at: Date; excluded: boolean }>(
      `SELECT m.user_id, coalesce(sum(l.amount), 0)::text AS score, max(l.occurred_at) AS last_at, m.joined_at,
              EXISTS (SELECT 1 FROM leaderboard_exclusion x WHERE x.tenant_id = $1 AND x.user_id = m.user_id) AS excluded
         FROM league_member m
         LEFT JOIN ledger_entry l ON l.tenant_id = m.tenant_id AND l.user_id = m.user_id AND l.currency = $6 AND l.public
              AND l.kind IN ('earn', 'adjust', 'compensate') AND l.occurred_at >= $7 AND l.occurred_at < $8
        WHERE m.tenant_id = $1 AND m.league_id = $2 AND m.week = $3 AND m.tier = $4 AND m.cohort = $5
        GROUP BY m.user_id, m.joined_at`,
      [tenantId, leagueId, week, tier, cohort, currency, from, to],
    );
    return rows.map((r) => ({ userId: r.user_id, score: Number(r.score), lastAt: (r.last_at ?? r.joined_at).getTime(), excluded: r.excluded }));
  }

  async settle(tenantId: string, leagueId: string, week: string, results: { userId: string; rank: number | null; score: number; outcome: string }[]): Promise<number> {
    if (results.length === 0) return 0;
    const { rowCount } = await this.pool.query(
      `UPDATE league_member m SET rank = r.rank, score = r.score, outcome = r.outcome, settled_at = now()
         FROM unnest($4::text[], $5::int[], $6::bigint[], $7::text[]) AS r(user_id, rank, score, outcome)
        WHERE m.tenant_id = $1 AND m.league_id = $2 AND m.week = $3 AND m.user_id = r.user_id AND m.outcome IS NULL`,
      [tenantId, leagueId, week, results.map((r) => r.userId), results.map((r) => r.rank), results.map((r) => String(r.score)), results.map((r) => r.outcome)],
    );
    return rowCount ?? 0;
  }
}
