import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, scopeList, withTransaction, type SqlPool } from '@questline/persistence';
import { addDays } from '../domain/days';
import type { AnalyticsRepository, DailyMetric, DailyRow, Distribution, LiveFigures, RetentionCohort } from '../domain/analytics.repository';

/** The local day (in zone `$zone`) of a timestamptz expression. */
const LOCAL = (ts: string, zone: string) => `(${ts} AT TIME ZONE ${zone})::date`;
/** A progress state's completion instant (event time, ms since the epoch). */
const COMPLETED_AT = "to_timestamp((state->>'completedAt')::double precision / 1000)";

/**
 * Aggregates in Postgres. A recompute replaces every row of its (tenant, days) in one transaction
 * under a per-tenant advisory lock, so two instances of the job never interleave and a pass that
 * runs twice writes the same rows. Source rows are read in a window of event time one day wider
 * than the days on either side (zones run from UTC−12 to UTC+14), so the indexes on event time
 * bound each scan.
 */
@Injectable()
export class PgAnalyticsRepository implements AnalyticsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async now(): Promise<Date> {
    return (await this.pool.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
  }

  async changedDays(tenantId: string, zone: string, since: Date | null): Promise<string[]> {
    const after = since ?? new Date(0);
    const { rows } = await this.pool.query<{ d: string }>(
      `SELECT DISTINCT d::text AS d FROM (
         SELECT ${LOCAL('occurred_at', '$2')} AS d FROM ingested_event WHERE tenant_id = $1 AND updated_at >= $3
         UNION SELECT ${LOCAL('occurred_at', '$2')} FROM ledger_entry WHERE tenant_id = $1 AND created_at >= $3
         UNION SELECT ${LOCAL('unlocked_at', '$2')} FROM achievement_unlock WHERE tenant_id = $1 AND unlocked_at >= $3
         UNION SELECT ${LOCAL(COMPLETED_AT, '$2')} FROM progress_state
           WHERE tenant_id = $1 AND updated_at >= $3 AND (key LIKE 'mission/%' OR key LIKE 'quest/%') AND state ? 'completedAt'
         UNION SELECT ${LOCAL('created_at', '$2')} FROM redemption WHERE tenant_id = $1 AND updated_at >= $3
       ) x WHERE d IS NOT NULL ORDER BY 1`,
      [tenantId, zone, after],
    );
    return rows.map((r) => r.d);
  }

  async recompute(tenantId: string, zone: string, days: string[], openFrom: string): Promise<number> {
    if (days.length === 0) return 0;
    const sorted = [...days].sort();
    // Event-time bounds one day wider than the local days on either side.
    const lo = new Date(Date.parse(`${sorted[0]}T00:00:00Z`) - 86_400_000 * 1.5);
    const hi = new Date(Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`) + 86_400_000 * 2.5);
    const inDays = (ts: string, days = '$2') => `${ts} >= $4 AND ${ts} < $5 AND ${LOCAL(ts, '$3')} = ANY(${days}::date[])`;
    return withTransaction(this.pool, async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtext('questline:analytics:' || $1))", [tenantId]);
      // Closed days (before `openFrom`: no event that old is accepted any more) that were counted
      // once keep their event counts: the retention job may since have deleted or anonymised their
      // events, and recomputing would erase that history. Their other aggregates are rebuilt.
      const { rows: frozenRows } = await c.query<{ day: string }>(
        "SELECT DISTINCT day::text AS day FROM analytics_daily WHERE tenant_id = $1 AND metric = 'events' AND day = ANY($2::date[]) AND day < $3::date",
        [tenantId, sorted, openFrom],
      );
      const frozen = new Set(frozenRows.map((r) => r.day));
      const open = sorted.filter((d) => !frozen.has(d));
      const args = [tenantId, sorted, zone, lo, hi, open];
      await c.query('DELETE FROM analytics_user_day WHERE tenant_id = $1 AND day = ANY($2::date[])', [tenantId, open]);
      await c.query(
        `INSERT INTO analytics_user_day (tenant_id, day, user_id, events)
         SELECT $1, ${LOCAL('occurred_at', '$3')}, user_id, count(*)::int FROM ingested_event
         WHERE tenant_id = $1 AND user_id NOT IN ('_unlinked', '_anonymised') AND ${inDays('occurred_at')}
         GROUP BY 2, 3`,
        [tenantId, open, zone, lo, hi],
      );
      await c.query("DELETE FROM analytics_daily WHERE tenant_id = $1 AND day = ANY($2::date[]) AND (metric NOT IN ('events', 'dau') OR day = ANY($3::date[]))", [tenantId, sorted, open]);
      const completions = (kind: 'mission' | 'quest') => `
         SELECT ${LOCAL(COMPLETED_AT, '$3')} AS d, split_part(key, '/', 2) AS id, user_id,
                ((state->>'completedAt')::double precision - (state->>'startedAt')::double precision) / 1000 AS seconds
         FROM progress_state WHERE tenant_id = $1 AND key LIKE '${kind}/%' AND state ? 'completedAt' AND ${inDays(COMPLETED_AT)}`;
      const { rowCount } = await c.query(
        `WITH l AS MATERIALIZED (
           SELECT ${LOCAL('occurred_at', '$3')} AS d, user_id, currency, amount, kind, rule_id, scopes FROM ledger_entry WHERE tenant_id = $1 AND ${inDays('occurred_at')}
         ), earned AS MATERIALIZED (SELECT * FROM l WHERE kind = 'earn' AND amount > 0),
         scoped AS MATERIALIZED (SELECT e.d, e.user_id, e.currency, e.amount, e.rule_id, s.key || ':' || v.value AS scope
           FROM earned e, jsonb_each(coalesce(e.scopes, '{}'::jsonb)) s, jsonb_array_elements_text(${scopeList('s.value')}) v),
         m AS MATERIALIZED (${completions('mission')}),
         q AS MATERIALIZED (${completions('quest')})
         INSERT INTO analytics_daily (tenant_id, metric, day, dimension, value)
         SELECT $1, 'events', ${LOCAL('occurred_at', '$3')}, type, count(*) FROM ingested_event WHERE tenant_id = $1 AND ${inDays('occurred_at', '$6')} GROUP BY 3, 4
         UNION ALL SELECT $1, 'dau', day, '', count(*) FROM analytics_user_day WHERE tenant_id = $1 AND day = ANY($6::date[]) GROUP BY 3
         UNION ALL SELECT $1, 'points_earned', d, currency, sum(amount) FROM earned GROUP BY 3, 4
         UNION ALL SELECT $1, 'points_net', d, currency, sum(amount) FROM l GROUP BY 3, 4
         UNION ALL SELECT $1, 'points_by_rule', d, currency || '/' || rule_id, sum(amount) FROM l
           WHERE rule_id IS NOT NULL AND kind IN ('earn', 'adjust', 'compensate') GROUP BY 3, 4
         UNION ALL SELECT $1, 'earners', d, currency, count(DISTINCT user_id) FROM earned GROUP BY 3, 4
         UNION ALL SELECT $1, 'active_by_scope', d, scope, count(DISTINCT user_id) FROM scoped GROUP BY 3, 4
         UNION ALL SELECT $1, 'points_by_scope', d, scope || '/' || currency, sum(amount) FROM scoped GROUP BY 3, 4
         UNION ALL SELECT $1, 'missions_completed_by_scope', d, scope || '/' || substr(rule_id, 9), count(DISTINCT user_id) FROM scoped WHERE rule_id LIKE 'mission:%' GROUP BY 3, 4
         UNION ALL SELECT $1, 'unlocks', ${LOCAL('unlocked_at', '$3')}, achievement_id, count(*) FROM achievement_unlock WHERE tenant_id = $1 AND ${inDays('unlocked_at')} GROUP BY 3, 4
         UNION ALL SELECT $1, 'missions_completed', d, id, count(*) FROM m GROUP BY 3, 4
         UNION ALL SELECT $1, 'missions_completed_users', d, id, count(DISTINCT user_id) FROM m GROUP BY 3, 4
         UNION ALL SELECT $1, 'missions_avg_seconds', d, id, avg(seconds) FROM m WHERE seconds IS NOT NULL GROUP BY 3, 4
         UNION ALL SELECT $1, 'quests_completed', d, id, count(*) FROM q GROUP BY 3, 4
         UNION ALL SELECT $1, 'quests_completed_users', d, id, count(DISTINCT user_id) FROM q GROUP BY 3, 4
         UNION ALL SELECT $1, 'quests_avg_seconds', d, id, avg(seconds) FROM q WHERE seconds IS NOT NULL GROUP BY 3, 4
         UNION ALL SELECT $1, 'redemptions', ${LOCAL('created_at', '$3')}, status, count(*) FROM redemption WHERE tenant_id = $1 AND ${inDays('created_at')} GROUP BY 3, 4
         UNION ALL SELECT $1, 'redemption_cost', ${LOCAL('created_at', '$3')}, currency, sum(cost) FROM redemption
           WHERE tenant_id = $1 AND status = 'finalized' AND ${inDays('created_at')} GROUP BY 3, 4`,
        args,
      );
      return rowCount ?? 0;
    });
  }

  async watermark(tenantId: string): Promise<{ through: Date; zone: string } | null> {
    const { rows } = await this.pool.query<{ through: Date; zone: string }>('SELECT through, zone FROM analytics_watermark WHERE tenant_id = $1', [tenantId]);
    return rows[0] ?? null;
  }

  async setWatermark(tenantId: string, through: Date, zone: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO analytics_watermark (tenant_id, through, zone) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET through = GREATEST(analytics_watermark.through, EXCLUDED.through), zone = EXCLUDED.zone, updated_at = now()`,
      [tenantId, through, zone],
    );
  }

  async dropAll(tenantId: string): Promise<void> {
    await withTransaction(this.pool, async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtext('questline:analytics:' || $1))", [tenantId]);
      await c.query('DELETE FROM analytics_daily WHERE tenant_id = $1', [tenantId]);
      await c.query('DELETE FROM analytics_user_day WHERE tenant_id = $1', [tenantId]);
      await c.query('DELETE FROM analytics_watermark WHERE tenant_id = $1', [tenantId]);
    });
  }

  async daily(tenantId: string, metric: DailyMetric, from: string, to: string, dimension?: string): Promise<DailyRow[]> {
    const { rows } = await this.pool.query<{ day: string; dimension: string; value: number }>(
      `SELECT day::text AS day, dimension, value FROM analytics_daily
       WHERE tenant_id = $1 AND metric = $2 AND day BETWEEN $3::date AND $4::date AND ($5::text IS NULL OR dimension = $5)
       ORDER BY day, dimension`,
      [tenantId, metric, from, to, dimension ?? null],
    );
    return rows;
  }

  async retention(tenantId: string, from: string, to: string, today: string): Promise<RetentionCohort[]> {
    const { rows } = await this.pool.query<{ cohort: string; users: string; d1: string; d7: string; d30: string }>(
      `WITH first AS (SELECT user_id, min(day) AS cohort FROM analytics_user_day WHERE tenant_id = $1 GROUP BY user_id)
       SELECT f.cohort::text AS cohort, count(*) AS users,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM analytics_user_day a WHERE a.tenant_id = $1 AND a.user_id = f.user_id AND a.day = f.cohort + 1)) AS d1,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM analytics_user_day a WHERE a.tenant_id = $1 AND a.user_id = f.user_id AND a.day = f.cohort + 7)) AS d7,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM analytics_user_day a WHERE a.tenant_id = $1 AND a.user_id = f.user_id AND a.day = f.cohort + 30)) AS d30
       FROM first f WHERE f.cohort BETWEEN $2::date AND $3::date GROUP BY f.cohort ORDER BY f.cohort`,
      [tenantId, from, to],
    );
    const until = (cohort: string, n: number) => addDays(cohort, n) <= today;
    return rows.map((r) => ({
      cohort: r.cohort,
      users: Number(r.users),
      d1: until(r.cohort, 1) ? Number(r.d1) : null,
      d7: until(r.cohort, 7) ? Number(r.d7) : null,
      d30: until(r.cohort, 30) ? Number(r.d30) : null,
    }));
  }

  async distribution(tenantId: string, currency: string, buckets: number): Promise<Distribution> {
    const { rows } = await this.pool.query<{ users: string; p50: number | null; p75: number | null; p90: number | null; p99: number | null; max: string | null }>(
      `SELECT count(*) AS users,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY lifetime)::float8 AS p50, percentile_disc(0.75) WITHIN GROUP (ORDER BY lifetime)::float8 AS p75,
              percentile_disc(0.9) WITHIN GROUP (ORDER BY lifetime)::float8 AS p90, percentile_disc(0.99) WITHIN GROUP (ORDER BY lifetime)::float8 AS p99,
              max(lifetime) AS max
       FROM balance WHERE tenant_id = $1 AND currency = $2`,
      [tenantId, currency],
    );
    const s = rows[0]!;
    const max = Number(s.max ?? 0);
    // Equal-width buckets over [0, max]: width rounded up to a whole number of points.
    const width = Math.max(1, Math.ceil((max + 1) / buckets));
    const hist = await this.pool.query<{ b: number; users: string }>(
      'SELECT (lifetime / $3)::int AS b, count(*) AS users FROM balance WHERE tenant_id = $1 AND currency = $2 GROUP BY 1 ORDER BY 1',
      [tenantId, currency, width],
    );
    const byBucket = new Map(hist.rows.map((r) => [Number(r.b), Number(r.users)]));
    const count = Number(s.users);
    return {
      currency,
      users: count,
      percentiles: { p50: s.p50 ?? 0, p75: s.p75 ?? 0, p90: s.p90 ?? 0, p99: s.p99 ?? 0, max },
      histogram: count === 0 ? [] : Array.from({ length: Math.floor(max / width) + 1 }, (_, b) => ({ from: b * width, to: (b + 1) * width, users: byBucket.get(b) ?? 0 })),
    };
  }

  async levels(tenantId: string, currency: string, thresholds: number[], allowDown: boolean): Promise<{ level: number; users: number }[]> {
    const { rows } = await this.pool.query<{ level: number; users: string }>(
      `SELECT GREATEST(1, (SELECT count(*) FROM unnest($3::bigint[]) t WHERE t <= CASE WHEN $4 THEN GREATEST(0, b.net) ELSE b.lifetime END))::int AS level, count(*) AS users
       FROM balance b WHERE tenant_id = $1 AND currency = $2 GROUP BY 1 ORDER BY 1`,
      [tenantId, currency, thresholds, allowDown],
    );
    return rows.map((r) => ({ level: r.level, users: Number(r.users) }));
  }

  async live(tenantId: string): Promise<LiveFigures> {
    // Rows written in the last hour only (the updated_at index): a queued event older than that
    // has been retried since, or is dead-lettered.
    const { rows } = await this.pool.query<{ at: Date; minute: string; queued: string; oldest: number | null; retrying: string; dead: string }>(
      `SELECT now() AS at,
              count(*) FILTER (WHERE received_at >= now() - interval '60 seconds') AS minute,
              count(*) FILTER (WHERE status = 'queued') AS queued,
              extract(epoch FROM now() - min(received_at) FILTER (WHERE status = 'queued'))::float8 AS oldest,
              count(*) FILTER (WHERE status = 'failed_retrying') AS retrying,
              count(*) FILTER (WHERE status = 'dead_lettered') AS dead
       FROM ingested_event WHERE tenant_id = $1 AND updated_at >= now() - interval '1 hour'`,
      [tenantId],
    );
    const r = rows[0]!;
    return {
      at: r.at.toISOString(),
      eventsLastMinute: Number(r.minute),
      eventsPerSecond: Math.round((Number(r.minute) / 60) * 100) / 100,
      queued: Number(r.queued),
      oldestQueuedSeconds: r.oldest === null ? null : Math.max(0, Math.round(r.oldest * 10) / 10),
      failedRetrying: Number(r.retrying),
      deadLettered: Number(r.dead),
    };
  }

  async users(tenantId: string, prefix: string, limit: number): Promise<{ userId: string; balances: Record<string, number> }[]> {
    const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const { rows } = await this.pool.query<{ user_id: string; balances: Record<string, string | number> }>(
      `SELECT user_id, jsonb_object_agg(currency, lifetime) AS balances FROM balance
       WHERE tenant_id = $1 AND user_id LIKE $2 GROUP BY user_id ORDER BY user_id LIMIT $3`,
      [tenantId, like, limit],
    );
    return rows.map((r) => ({ userId: r.user_id, balances: Object.fromEntries(Object.entries(r.balances).map(([c, v]) => [c, Number(v)])) }));
  }

  async streaks(tenantId: string): Promise<{ streak: string; longest: number; users: number }[]> {
    const { rows } = await this.pool.query<{ streak: string; longest: number; users: string }>(
      `SELECT split_part(key, '/', 2) AS streak, coalesce((state->>'longest')::int, 0) AS longest, count(*) AS users
       FROM progress_state WHERE tenant_id = $1 AND key LIKE 'streak/%' GROUP BY 1, 2 ORDER BY 1, 2`,
      [tenantId],
    );
    return rows.map((r) => ({ streak: r.streak, longest: r.longest, users: Number(r.users) }));
  }
}
