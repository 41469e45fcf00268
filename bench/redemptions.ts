/**
 * `npm run bench:redemptions`: redemptions of one hot item on the real Postgres of infra/up.sh —
 * PgRewardsRepository.redeem (item row locked, key, stock, limit and balance checked, ledger
 * debit, stock taken, redemption written, one transaction) — REDEMPTIONS (2,000) by 200 funded
 * users, REDEMPTION_CONCURRENCY (8) in flight. Raw baseline in the same run: the same number of
 * `BEGIN; SELECT … FOR UPDATE; UPDATE stock = stock - 1; COMMIT` on one row of a scratch table at
 * the same concurrency. Checks that the stock and the ledger are exact. Median of BENCH_REPEATS.
 */
import { performance } from 'node:perf_hooks';
import { v4 as uuidv4 } from 'uuid';
import { applyMigrations, createDatabase, type SqlPool } from '@questline/persistence';
import { PgRewardsRepository } from '@questline/points';
import { infraEnv } from '@questline/testing';
import { median, round } from './lib/stats';

const N = Number(process.env['REDEMPTIONS'] ?? 2_000);
const CONCURRENCY = Number(process.env['REDEMPTION_CONCURRENCY'] ?? 8);
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 3);
const USERS = 200;

async function inParallel(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) await task(next++);
  }));
}

async function rawLoop(pool: SqlPool): Promise<number> {
  const table = `bench_stock_${process.pid}`;
  await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (id text primary key, stock int not null)`);
  await pool.query(`INSERT INTO ${table} VALUES ('hot', $1) ON CONFLICT (id) DO UPDATE SET stock = $1`, [N]);
  const t0 = performance.now();
  await inParallel(N, CONCURRENCY, async () => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT stock FROM ${table} WHERE id = 'hot' FOR UPDATE`);
      await c.query(`UPDATE ${table} SET stock = stock - 1 WHERE id = 'hot'`);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  });
  const rate = N / ((performance.now() - t0) / 1000);
  await pool.query(`DROP TABLE ${table}`);
  return rate;
}

async function main() {
  const url = infraEnv().DATABASE_URL;
  await applyMigrations(url);
  const { prisma, pool } = createDatabase({ url, poolMax: CONCURRENCY + 2 });
  const rewards = new PgRewardsRepository(pool);
  const rates: number[] = [];
  const raws: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const tenantId = `bench-rw-${process.pid}-${r}`;
    const users = Array.from({ length: USERS }, (_, i) => `u${i}`);
    await pool.query(`INSERT INTO balance (tenant_id, user_id, currency, lifetime, spendable, net) SELECT $1, u, 'coins', 1000000, 1000000, 1000000 FROM unnest($2::text[]) AS u`, [tenantId, users]);
    await rewards.upsertItem(tenantId, { id: 'hot', name: 'Hot item', description: null, currency: 'coins', cost: 5, stock: N, perUserLimit: null, availableFrom: null, availableUntil: null, fulfilment: 'digital', minLevel: null, requiresBadges: [], active: true });
    let written = 0;
    const t0 = performance.now();
    await inParallel(N, CONCURRENCY, async (i) => {
      const outcome = await rewards.redeem({ tenantId, userId: users[i % USERS]!, itemId: 'hot', redemptionId: uuidv4(), idempotencyKey: `k${i}`, now: new Date() });
      if (outcome.status === 'written') written++;
    });
    rates.push(N / ((performance.now() - t0) / 1000));
    const stock = (await rewards.items(tenantId))[0]!.stock;
    const { rows } = await pool.query<{ n: string }>("SELECT count(*)::text AS n FROM ledger_entry WHERE tenant_id = $1 AND kind = 'spend'", [tenantId]);
    if (written !== N || stock !== 0 || Number(rows[0]!.n) !== N) throw new Error(`inexact: ${written} redeemed, stock ${stock}, ${rows[0]!.n} debits (expected ${N}, 0, ${N})`);
    raws.push(await rawLoop(pool));
    for (const table of ['redemption', 'ledger_entry', 'balance', 'reward_item']) await pool.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
  }
  const [redeem, raw] = [median(rates), median(raws)];
  process.stdout.write(
    `redemptions of one hot item (${N}, ${CONCURRENCY} in flight, stock and ledger exact): ${round(redeem).toLocaleString('en')}/s; raw SELECT … FOR UPDATE + UPDATE loop ${round(raw).toLocaleString('en')}/s; ratio ${round(redeem / raw, 3)}\n`,
  );
  await pool.end();
  await prisma.$disconnect();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
