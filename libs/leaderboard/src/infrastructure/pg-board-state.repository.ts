import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, withTransaction, type SqlPool } from '@questline/persistence';
import type { BoardStateRepository, Exclusion, ExclusionReason, PeriodState, PeriodStatus, Standing } from '../domain/board-state.repository';

interface StateRow {
  tenant_id: string;
  board_id: string;
  scope: string;
  period: string;
  window: string;
  status: string;
  members: number;
  revision: number;
  computed_at: Date;
  published_at: Date | null;
  locked_at: Date | null;
}

const toState = (r: StateRow): PeriodState => ({
  tenantId: r.tenant_id,
  boardId: r.board_id,
  scope: r.scope,
  period: r.period,
  window: r.window,
  status: r.status as PeriodStatus,
  members: r.members,
  revision: r.revision,
  computedAt: r.computed_at.toISOString(),
  publishedAt: r.published_at?.toISOString() ?? null,
  lockedAt: r.locked_at?.toISOString() ?? null,
});

interface StandingRow {
  user_id: string;
  position: number;
  rank: number;
  score: string;
  reached_at: Date;
}

const toStanding = (r: StandingRow): Standing => ({ userId: r.user_id, position: r.position, rank: r.rank, score: Number(r.score), reachedAt: r.reached_at.getTime() });
const STANDING = `user_id, position, rank, score::text AS score, reached_at`;

interface ExclusionRow {
  user_id: string;
  reason: string;
  note: string | null;
  actor: string | null;
  created_at: Date;
}

const toExclusion = (r: ExclusionRow): Exclusion => ({ userId: r.user_id, reason: r.reason as ExclusionReason, note: r.note, actor: r.actor, createdAt: r.created_at.toISOString() });

/** Standings are written with COPY-like unnest batches inside one transaction with the state row. */
@Injectable()
export class PgBoardStateRepository implements BoardStateRepository {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async state(tenantId: string, boardId: string, scope: string, period: string): Promise<PeriodState | null> {
    const { rows } = await this.pool.query<StateRow>(`SELECT * FROM leaderboard_period WHERE tenant_id = $1 AND board_id = $2 AND scope = $3 AND period = $4`, [tenantId, boardId, scope, period]);
    return rows[0] ? toState(rows[0]) : null;
  }

  async states(tenantId: string, boardId: string, periods: string[]): Promise<PeriodState[]> {
    const { rows } = await this.pool.query<StateRow>(`SELECT * FROM leaderboard_period WHERE tenant_id = $1 AND board_id = $2 AND period = ANY($3)`, [tenantId, boardId, periods]);
    return rows.map(toState);
  }

  async published(tenantId: string): Promise<PeriodState[]> {
    const { rows } = await this.pool.query<StateRow>(`SELECT * FROM leaderboard_period WHERE tenant_id = $1 AND status = 'published'`, [tenantId]);
    return rows.map(toState);
  }

  async save(
    s: Omit<PeriodState, 'revision' | 'computedAt' | 'publishedAt' | 'lockedAt'>,
    standings: Standing[],
    expectedRevision: number,
    announce: (revision: number, previous: Map<string, number>, previousScores: Map<string, number>) => Promise<void>,
  ): Promise<boolean> {
    return withTransaction(this.pool, async (tx) => {
      const key = [s.tenantId, s.boardId, s.scope, s.period];
      // Several points instances may run the job: one at a time per period, and only from the
      // revision the caller computed against (a stale pass does nothing).
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`lbp\n${key.join('\n')}`]);
      const { rows: [current] } = await tx.query<{ revision: number }>(
        `SELECT revision FROM leaderboard_period WHERE tenant_id = $1 AND board_id = $2 AND scope = $3 AND period = $4`,
        key,
      );
      if ((current?.revision ?? 0) !== expectedRevision) return false;
      const { rows: [state] } = await tx.query<{ revision: number }>(
        `INSERT INTO leaderboard_period (tenant_id, board_id, scope, period, "window", status, members, revision, computed_at, published_at, locked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, now(), CASE WHEN $6 <> 'computed' THEN now() END, CASE WHEN $6 = 'locked' THEN now() END)
         ON CONFLICT (tenant_id, board_id, scope, period) DO UPDATE
           SET status = excluded.status, members = excluded.members, revision = leaderboard_period.revision + 1, computed_at = now(),
               published_at = coalesce(leaderboard_period.published_at, excluded.published_at), locked_at = excluded.locked_at
         RETURNING revision`,
        [...key, s.window, s.status, standings.length],
      );
      const { rows: before } = await tx.query<{ user_id: string; rank: number; score: string }>(
        `DELETE FROM leaderboard_standing WHERE tenant_id = $1 AND board_id = $2 AND scope = $3 AND period = $4 RETURNING user_id, rank, score::text`,
        key,
      );
      for (let i = 0; i < standings.length; i += 10_000) {
        const chunk = standings.slice(i, i + 10_000);
        await tx.query(
          `INSERT INTO leaderboard_standing (tenant_id, board_id, scope, period, user_id, position, rank, score, reached_at)
           SELECT $1, $2, $3, $4, * FROM unnest($5::text[], $6::int[], $7::int[], $8::bigint[], $9::timestamptz[])`,
          [...key, chunk.map((x) => x.userId), chunk.map((x) => x.position), chunk.map((x) => x.rank), chunk.map((x) => String(x.score)), chunk.map((x) => new Date(x.reachedAt))],
        );
      }
      await announce(state!.revision, new Map(before.map((r) => [r.user_id, r.rank])), new Map(before.map((r) => [r.user_id, Number(r.score)])));
      return true;
    });
  }

  async page(tenantId: string, boardId: string, scope: string, period: string, offset: number, limit: number): Promise<Standing[]> {
    const { rows } = await this.pool.query<StandingRow>(
      `SELECT ${STANDING} FROM leaderboard_standing WHERE tenant_id = $1 AND board_id = $2 AND scope = $3 AND period = $4 AND position > $5 ORDER BY position LIMIT $6`,
      [tenantId, boardId, scope, period, offset, limit],
    );
    return rows.map(toStanding);
  }

  async standingOf(tenantId: string, boardId: string, scope: string, period: string, userId: string): Promise<Standing | null> {
    const { rows } = await this.pool.query<StandingRow>(
      `SELECT ${STANDING} FROM leaderboard_standing WHERE tenant_id = $1 AND board_id = $2 AND scope = $3 AND period = $4 AND user_id = $5`,
      [tenantId, boardId, scope, period, userId],
    );
    return rows[0] ? toStanding(rows[0]) : null;
  }

  async around(tenantId: string, boardId: string, scope: string, period: string, position: number, n: number): Promise<Standing[]> {
    const { rows } = await this.pool.query<StandingRow>(
      `SELECT ${STANDING} FROM leaderboard_standing WHERE tenant_id = $1 AND board_id = $2 AND scope = $3 AND period = $4 AND position BETWEEN $5 AND $6 ORDER BY position`,
      [tenantId, boardId, scope, period, position - n, position + n],
    );
    return rows.map(toStanding);
  }

  async exclusion(tenantId: string, userId: string): Promise<Exclusion | null> {
    const { rows } = await this.pool.query<ExclusionRow>(`SELECT * FROM leaderboard_exclusion WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
    return rows[0] ? toExclusion(rows[0]) : null;
  }

  async exclusions(tenantId: string): Promise<Exclusion[]> {
    const { rows } = await this.pool.query<ExclusionRow>(`SELECT * FROM leaderboard_exclusion WHERE tenant_id = $1 ORDER BY created_at, user_id`, [tenantId]);
    return rows.map(toExclusion);
  }

  async exclude(tenantId: string, e: Omit<Exclusion, 'createdAt'>): Promise<Exclusion> {
    const { rows } = await this.pool.query<ExclusionRow>(
      `INSERT INTO leaderboard_exclusion (tenant_id, user_id, reason, note, actor) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET reason = excluded.reason, note = excluded.note, actor = excluded.actor, created_at = now()
       RETURNING *`,
      [tenantId, e.userId, e.reason, e.note, e.actor],
    );
    return toExclusion(rows[0]!);
  }

  async include(tenantId: string, userId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`DELETE FROM leaderboard_exclusion WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
    return (rowCount ?? 0) > 0;
  }
}
