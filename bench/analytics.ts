/**
 * `npm run bench:analytics` (issue 24): the analytics job over ANALYTICS_ROWS ledger rows (default
 * 1,000,000) and as many stored events, spread over 30 days and 10,000 users, on the real Postgres
 * of infra/up.sh — a full backfill of the 30 days (every aggregate recomputed and written) — against
 * raw `GROUP BY`s over the same rows in the same run (the same groupings, read only, nothing
 * written). Prints both, and the ratio raw ÷ job (issue 24's target: ≥ 0.3). Median of ANALYTICS_RUNS
 * (default 3).
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { PgAnalyticsRepository, RefreshAnalyticsJob } from '@questline/analytics';
import { applyMigrations, scopeList } from '@questline/persistence';
import type { AppConfig, Logger } from '@questline/platform';
import type { Pack, PackCatalog } from '@questline/rules';
import { infraEnv, uniqueId } from '@questline/testing';
import { median, round } from './lib/stats';

const ROWS = Number(process.env['ANALYTICS_ROWS'] ?? 1_000_000);
const RUNS = Number(process.env['ANALYTICS_RUNS'] ?? 3);
const DAYS = 30;
const USERS = 10_000;
const log = (s: string) => process.stderr.write(`[bench:analytics] ${s}\n`);

async function main() {
  const url = infraEnv().DATABASE_URL;
  await applyMigrations(url);
  const pool = new Pool({ connectionString: url, max: 4 });
  const tenant = uniqueId('anb');
  const start = new Date(Date.now() - (DAYS + 1) * 86_400_000);
  start.setUTCHours(0, 0, 0, 0);
  try {
    log(`seeding ${ROWS} events and ${ROWS} ledger rows for tenant ${tenant} over ${DAYS} days`);
    const t0 = performance.now();
    await pool.query(
      `INSERT INTO ingested_event (id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope, status)
       SELECT gen_random_uuid(), $1, 'k' || i, 'type.' || (i % 7), 1, 'u' || (i % ${USERS}), $2::timestamptz + (i % ${DAYS}) * interval '1 day' + (i % 86400) * interval '1 second', now(), '{}'::jsonb, 'processed'
       FROM generate_series(1, $3) i`,
      [tenant, start, ROWS],
    );
    await pool.query(
      `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at, scopes)
       SELECT $1, 'u' || (i % ${USERS}), CASE WHEN i % 5 = 0 THEN 'coins' ELSE 'xp' END, 1 + i % 50, 'earn', gen_random_uuid(), 'rule-' || (i % 20), 1, 'k' || i || ':r',
              $2::timestamptz + (i % ${DAYS}) * interval '1 day' + (i % 86400) * interval '1 second', jsonb_build_object('community', 'c' || (i % 12))
       FROM generate_series(1, $3) i`,
      [tenant, start, ROWS],
    );
    await pool.query('ANALYZE ingested_event; ANALYZE ledger_entry');
    log(`seeded in ${round((performance.now() - t0) / 1000, 1)} s`);

    const packs = { get: () => ({ tenant, timezone: 'UTC', ingest: { maxEventAgeDays: 3650 } }) as unknown as Pack, tenants: () => [tenant] } as unknown as PackCatalog;
    const job = new RefreshAnalyticsJob(new PgAnalyticsRepository(pool), packs, { ANALYTICS_INTERVAL_MS: 60_000, ANALYTICS_OVERLAP_MS: 0 } as AppConfig, { debug: () => undefined, warn: () => undefined } as unknown as Logger);
    const from = start.toISOString().slice(0, 10);
    const to = new Date(start.getTime() + DAYS * 86_400_000).toISOString().slice(0, 10);
    const day = (ts: string) => `(${ts} AT TIME ZONE 'UTC')::date`;
    // The same groupings the job writes, read only.
    const raw = [
      `SELECT ${day('occurred_at')}, type, count(*) FROM ingested_event WHERE tenant_id = $1 GROUP BY 1, 2`,
      `SELECT d, count(*) FROM (SELECT ${day('occurred_at')} AS d, user_id, count(*) FROM ingested_event WHERE tenant_id = $1 GROUP BY 1, 2) x GROUP BY 1`,
      `SELECT ${day('occurred_at')}, currency, sum(amount), count(DISTINCT user_id) FROM ledger_entry WHERE tenant_id = $1 GROUP BY 1, 2`,
      `SELECT ${day('occurred_at')}, currency, rule_id, sum(amount) FROM ledger_entry WHERE tenant_id = $1 GROUP BY 1, 2, 3`,
      // Each value of a dimension (one, or each of a list), as the job counts them.
      `SELECT ${day('occurred_at')}, s.key || ':' || v.value, count(DISTINCT user_id), sum(amount) FROM ledger_entry, jsonb_each(scopes) s, jsonb_array_elements_text(${scopeList('s.value')}) v WHERE tenant_id = $1 GROUP BY 1, 2`,
    ];
    const jobSeconds: number[] = [];
    const rawSeconds: number[] = [];
    let rows = 0;
    for (let r = 0; r < RUNS; r++) {
      const a = performance.now();
      rows = (await job.backfill(tenant, from, to)).rows;
      jobSeconds.push((performance.now() - a) / 1000);
      const b = performance.now();
      for (const q of raw) await pool.query(q, [tenant]);
      rawSeconds.push((performance.now() - b) / 1000);
      log(`run ${r + 1}: job ${round(jobSeconds[r]!, 2)} s (${rows} aggregate rows), raw GROUP BYs ${round(rawSeconds[r]!, 2)} s`);
    }
    const j = median(jobSeconds);
    const w = median(rawSeconds);
    process.stdout.write(
      [
        `Questline bench:analytics  ${new Date().toISOString()}  ${ROWS} ledger rows + ${ROWS} events, ${DAYS} days, ${USERS} users, real Postgres (median of ${RUNS})`,
        `  analytics job, full backfill of ${DAYS} days (${rows} aggregate rows written)   ${round(j, 2)} s   (${round(ROWS / j)} ledger rows/s)`,
        `  raw GROUP BYs over the same rows, read only                              ${round(w, 2)} s`,
        `  ratio raw ÷ job = ${round(w / j, 3)}  (target >= 0.3)`,
        '',
      ].join('\n'),
    );
  } finally {
    await pool.query('DELETE FROM ingested_event WHERE tenant_id = $1', [tenant]);
    await pool.query('DELETE FROM ledger_entry WHERE tenant_id = $1', [tenant]);
    await pool.query('DELETE FROM analytics_daily WHERE tenant_id = $1', [tenant]);
    await pool.query('DELETE FROM analytics_user_day WHERE tenant_id = $1', [tenant]);
    await pool.end();
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:analytics failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
