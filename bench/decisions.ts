/**
 * `npm run bench:decisions`: the rules engine's decision path on the real Postgres of
 * infra/up.sh — PgDecisionStore.decideOnce (advisory locks, stored decisions, history and progress
 * loaded, decided, decision and application rows written, one transaction per batch) — for
 * DECISION_EVENTS events (20,000) from 50 hot users with a daily cap, an amount cap, a metric and a
 * condition on the user's level, in batches of DECISION_BATCH (500). Raw baseline in the same run:
 * `pg` inserting the same decision and application rows (the rows decideOnce wrote) with the same
 * batched INSERT … unnest, one transaction per batch, and nothing else. Median of BENCH_REPEATS.
 */
import { performance } from 'node:perf_hooks';
import { v4 as uuidv4 } from 'uuid';
import type { CanonicalEnvelope } from '@questline/contracts';
import { applyMigrations, createDatabase } from '@questline/persistence';
import { LIMIT_HORIZON_MS, decideBatch, limitedRecipients, parsePack, progressKeys } from '@questline/rules';
import { PgDecisionStore } from '@questline/rules-engine';
import { infraEnv } from '@questline/testing';
import { median, round } from './lib/stats';

const EVENTS = Number(process.env['DECISION_EVENTS'] ?? 20_000);
const BATCH = Number(process.env['DECISION_BATCH'] ?? 500);
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 3);
const USERS = 50;

const pack = parsePack(`
tenant: bench
version: 1
name: Bench
timezone: Asia/Ho_Chi_Minh
schemaNamespace: bench
currencies: [{ id: xp }, { id: gems }]
levels: { currency: xp, thresholds: [0, 200, 1000] }
rules:
  - { id: act, on: act.done, award: { currency: xp, amount: 10 }, limits: { perDay: 50 } }
  - { id: capped, on: act.done, award: { currency: xp, amount: 7 }, limits: { amountPerDay: 100 } }
  - { id: veteran, on: act.done, if: { ">=": [{ var: user.level }, 2] }, award: { currency: gems, amount: 1 } }
metrics:
  - { id: acts, name: Acts today, kind: count, on: act.done, per: day, milestones: [{ at: 20, reward: { currency: gems, amount: 5 } }] }
`);

function stream(): CanonicalEnvelope[] {
  const end = Date.now() - 3_600_000;
  return Array.from({ length: EVENTS }, (_, i) => {
    // Zipf-like: user k gets about 1/(k+1) of the traffic.
    const user = Math.min(USERS - 1, Math.floor(USERS ** (((i * 7919) % 1000) / 1000)) - 1);
    const at = new Date(end - ((i * 104_729) % (14 * 86_400_000))).toISOString();
    return { id: uuidv4(), type: 'act.done', schemaVersion: 1, tenantId: '', userId: `u${Math.max(0, user)}`, occurredAt: at, receivedAt: at, source: 'bench', idempotencyKey: `k${i}`, payload: {}, meta: {} } as CanonicalEnvelope;
  });
}

async function main() {
  const url = infraEnv().DATABASE_URL;
  await applyMigrations(url);
  const { prisma, pool } = createDatabase({ url, poolMax: 4 });
  const store = new PgDecisionStore(pool);
  const rates: number[] = [];
  const raw: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const tenantId = `bench-dec-${process.pid}-${r}`;
    const events = stream().map((e) => ({ ...e, tenantId }));
    const rows: { decisions: unknown[][]; apps: unknown[][] }[] = [];
    let t0 = performance.now();
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const times = batch.map((e) => Date.parse(e.occurredAt));
      const decided = await store.decideOnce({
        tenantId,
        events: batch,
        limited: batch.flatMap((e) => limitedRecipients(pack, e)),
        fromMs: Math.min(...times) - LIMIT_HORIZON_MS,
        toMs: Math.max(...times) + LIMIT_HORIZON_MS,
        progress: batch.flatMap((e) => progressKeys(pack, e)),
        decide: (fresh, history, progress) => decideBatch(pack, fresh, history, progress),
      });
      rows.push({
        decisions: batch.map((e) => [e.id, 1, JSON.stringify(decided.get(e.id)!.awards), JSON.stringify(decided.get(e.id)!.skipped), JSON.stringify(decided.get(e.id)!.outcomes)]),
        apps: batch.flatMap((e) => decided.get(e.id)!.awards.filter((a) => !a.ruleId.includes(':')).map((a) => [a.userId, a.ruleId, e.id, e.occurredAt, a.amount])),
      });
    }
    rates.push(events.length / ((performance.now() - t0) / 1000));

    // The same rows, inserted by pg alone (another tenant id, same tables and indexes).
    const rawTenant = `${tenantId}-raw`;
    t0 = performance.now();
    for (const b of rows) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(
          `INSERT INTO rule_decision (tenant_id, event_id, pack_version, awards, skipped, outcomes)
           SELECT $1, id, v, a::jsonb, s::jsonb, o::jsonb FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[]) AS t(id, v, a, s, o) ON CONFLICT DO NOTHING`,
          [rawTenant, ...[0, 1, 2, 3, 4].map((k) => b.decisions.map((d) => d[k]))],
        );
        await c.query(
          `INSERT INTO rule_application (tenant_id, user_id, rule_id, event_id, occurred_at, amount)
           SELECT $1, u, r, e, t, n FROM unnest($2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::bigint[]) AS x(u, r, e, t, n) ON CONFLICT DO NOTHING`,
          [rawTenant, ...[0, 1, 2, 3, 4].map((k) => b.apps.map((a) => a[k]))],
        );
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    }
    raw.push(events.length / ((performance.now() - t0) / 1000));
    for (const t of [tenantId, rawTenant]) {
      for (const table of ['rule_decision', 'rule_application', 'progress_state']) await pool.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [t]);
    }
  }
  const [decide, insert] = [median(rates), median(raw)];
  process.stdout.write(
    `decision path (PgDecisionStore, ${USERS} hot users, batches of ${BATCH}): ${round(decide).toLocaleString('en')} events/s; raw pg insert of the same rows ${round(insert).toLocaleString('en')} events/s; ratio ${round(decide / insert, 3)}\n`,
  );
  await pool.end();
  await prisma.$disconnect();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
