/**
 * Ledger and leaderboards (issue 6), real Postgres and Redis from infra/up.sh. `npm run bench:ledger`.
 *  1. Awards/s through the ledger (one statement per 500-award batch, balances, idempotency)
 *     and the guarded Redis board update (one script call per batch), as the points consumer does it; raw
 *     baselines in the same run: a batched `pg` INSERT of the same rows, pipelined ZINCRBY.
 *  2. Reads on a board of BENCH_BOARD_MEMBERS (1,000,000) members: top-100 and around-me (±5),
 *     p50/p95/p99 over 2,000 calls each; raw baseline: ZREVRANGE 0 99 WITHSCORES.
 *  3. Rebuild of that board from 1,000,000 ledger rows (MaintainLeaderboardsUseCase).
 */
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { Client } from 'pg';
import { boardRef } from '@questline/leaderboard';
import { leaderboardContext, RedisLayout, RedisRankStore } from '@questline/leaderboard/testing';
import type { MessageBus } from '@questline/messaging';
import { applyMigrations, createDatabase } from '@questline/persistence';
import type { NewLedgerEntry } from '@questline/points';
import { PrismaLedgerRepository } from '@questline/points/testing';
import { parsePack, type PackCatalog } from '@questline/rules';
import { rawPgInsert, rawRedisZincrby } from './lib/baselines';
import { round, summarize } from './lib/stats';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://questline:questline@127.0.0.1:5432/questline';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const AWARDS = Number(process.env['BENCH_AWARDS'] ?? 50_000);
const MEMBERS = Number(process.env['BENCH_BOARD_MEMBERS'] ?? 1_000_000);
const READS = 2_000;
const TENANT = `bench-ledger-${Date.now()}`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

/**
 * The same rows with raw `pg` into a copy of ledger_entry (same columns, indexes and unique key,
 * logged), 500 per INSERT ... SELECT FROM unnest, one statement (its own transaction) each: the
 * floor for the ledger, which also writes one statement per batch.
 */
async function rawLedgerInsert(pg: Client, rows: number): Promise<number> {
  const table = `bench_ledger_${process.pid}`;
  await pg.query(`CREATE TABLE ${table} (LIKE ledger_entry INCLUDING ALL)`);
  const t0 = performance.now();
  for (let start = 0; start < rows; start += 500) {
    const n = Math.min(500, rows - start);
    const keys = Array.from({ length: n }, (_, i) => `r${start + i}`);
    await pg.query(
      `INSERT INTO ${table} (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
       SELECT 'bench', u, 'xp', 50, 'earn', '5289b52c-9c4e-541c-8d8c-20250d7c7403', 'bench', 1, k, now() FROM unnest($1::text[], $2::text[]) AS t(u, k)
       ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
      [keys.map((_, i) => `u${(start + i) % 10_000}`), keys],
    );
  }
  const perSec = rows / ((performance.now() - t0) / 1000);
  await pg.query(`DROP TABLE ${table}`);
  return perSec;
}

async function main(): Promise<void> {
  await applyMigrations(DATABASE_URL);
  const db = createDatabase({ url: DATABASE_URL, poolMax: 8 });
  const ledger = new PrismaLedgerRepository(db.prisma, db.pool);
  const ranks = new RedisRankStore(REDIS_URL);
  const redis = new Redis(REDIS_URL);
  const pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  const pack = parsePack(`tenant: ${TENANT}\nversion: 1\nname: Bench\nschemaNamespace: bench\ncurrencies: [{ id: xp }]\nrules: []\nleaderboards: [{ id: xp, name: XP, currency: xp }]\n`);
  const packs: PackCatalog = { get: (t) => (t === TENANT ? pack : undefined), tenants: () => [TENANT] };
  const board = boardRef(TENANT, 'xp', 'all');
  const awardsBoard = boardRef(TENANT, 'xp', 'awards');
  const rawKey = RedisLayout.of(board); // the raw ZREVRANGE baseline reads the adapter's own key
  const hourTick = () => Math.floor((Date.now() - Date.UTC(2024, 0, 1)) / 3_600_000);
  try {
    // 1. Awards through ledger + board, batches of 500 (what one consumer batch does).
    let ledgerMs = 0;
    let boardsMs = 0;
    const [, awardMs] = await timed(async () => {
      for (let start = 0; start < AWARDS; start += 500) {
        const batch: NewLedgerEntry[] = Array.from({ length: Math.min(500, AWARDS - start) }, (_, i) => ({
          tenantId: TENANT,
          userId: `u${(start + i) % 10_000}`,
          currency: 'xp',
          amount: 50,
          kind: 'earn',
          sourceEventId: '5289b52c-9c4e-541c-8d8c-20250d7c7403',
          ruleId: 'bench',
          ruleVersion: 1,
          idempotencyKey: `a${start + i}`,
          occurredAt: new Date().toISOString(),
        }));
        ledgerMs += (await timed(() => ledger.append(batch)))[1];
        const t0 = performance.now();
        await ranks.applyOnce(
          TENANT,
          batch.map((e) => ({ awardKey: e.idempotencyKey, member: e.userId, updates: [{ set: awardsBoard, delta: e.amount, tick: hourTick() }] })),
        );
        boardsMs += performance.now() - t0;
      }
    });
    const awardsPerSec = AWARDS / (awardMs / 1000);

    // 1b. The same shape of batches in a currency with a floor (each user's five awards hold one
    // penalty of 120, at a place that depends on the user: held when it comes before the third
    // credit): the balances are locked, the stored keys read and the batch folded before the same
    // statement.
    let floorMs = 0;
    let held = 0;
    for (let start = 0; start < AWARDS; start += 500) {
      const batch: NewLedgerEntry[] = Array.from({ length: Math.min(500, AWARDS - start) }, (_, i) => ({
        tenantId: TENANT,
        userId: `u${(start + i) % 10_000}`,
        currency: 'rep',
        amount: Math.floor((start + i) / 10_000) === (start + i) % 5 ? -120 : 50,
        kind: Math.floor((start + i) / 10_000) === (start + i) % 5 ? 'adjust' : 'earn',
        sourceEventId: '5289b52c-9c4e-541c-8d8c-20250d7c7403',
        ruleId: 'bench',
        ruleVersion: 1,
        idempotencyKey: `f${start + i}`,
        occurredAt: new Date().toISOString(),
        floor: 1,
      }));
      const [{ amounts }, ms] = await timed(() => ledger.append(batch));
      floorMs += ms;
      held += amounts.filter((a, i) => a !== batch[i]!.amount).length;
    }
    const rawPg = await rawPgInsert(DATABASE_URL, AWARDS, 500);
    const rawLedger = await rawLedgerInsert(pg, AWARDS);
    const rawRedis = await rawRedisZincrby(REDIS_URL, AWARDS);

    // 3 (setup for 2 and 3). A million ledger rows, one per user, then the rebuild builds the board.
    await pg.query(
      `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
       SELECT $1, 'm' || i, 'xp', (i::bigint * 7919) % 100000, 'earn', '5289b52c-9c4e-541c-8d8c-20250d7c7403', 'bench', 1, 'm' || i, now() - (i % 1000) * interval '1 minute'
         FROM generate_series(1, $2::int) AS i`,
      [TENANT, MEMBERS],
    );
    const { rebuild } = leaderboardContext({ pool: db.pool, ranks, bus: {} as MessageBus, packs });
    const [rebuilt, rebuildMs] = await timed(() => rebuild.execute({ tenantId: TENANT, boardId: 'xp' }));

    // 2. Reads on the million-member board.
    const members = Array.from({ length: READS }, (_, i) => `m${1 + ((i * 104_729) % MEMBERS)}`);
    const sample = async (fn: (i: number) => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < READS; i++) times.push((await timed(() => fn(i)))[1]);
      return summarize(times);
    };
    const top = await sample(() => ranks.top(board, 0, 100));
    const around = await sample((i) => ranks.around(board, members[i]!, 5));
    const rawTop = await sample(() => redis.zrevrange(rawKey, 0, 99, 'WITHSCORES'));
    const r = (s: { p50: number; p95: number; p99: number }) => ({ p50: round(s.p50), p95: round(s.p95), p99: round(s.p99) });

    console.log(
      JSON.stringify(
        {
          awards: AWARDS,
          awardsPerSec: Math.round(awardsPerSec),
          rawPgInsertRowsPerSec: Math.round(rawPg.rowsPerSec),
          ratioVsRawPg: round(awardsPerSec / rawPg.rowsPerSec),
          rawPgLedgerShapedInsertRowsPerSec: Math.round(rawLedger),
          ratioVsRawPgLedgerShaped: round(awardsPerSec / rawLedger),
          ledgerStatementOnlyPerSec: Math.round(AWARDS / (ledgerMs / 1000)),
          ledgerWithFloorPerSec: Math.round(AWARDS / (floorMs / 1000)),
          ledgerWithFloorRatioVsWithout: round(ledgerMs / floorMs),
          ledgerWithFloorHeld: held,
          ledgerOnlyRatioVsRawPgLedgerShaped: round(AWARDS / (ledgerMs / 1000) / rawLedger),
          boardScriptOnlyPerSec: Math.round(AWARDS / (boardsMs / 1000)),
          rawRedisZincrbyPerSec: Math.round(rawRedis.opsPerSec),
          boardMembers: await ranks.size(board),
          rebuildSeconds: round(rebuildMs / 1000, 1),
          rebuiltMembers: rebuilt.members,
          top100Ms: r(top),
          aroundMe5Ms: r(around),
          rawZrevrangeTop100Ms: r(rawTop),
          targets: 'awards ≥ 5,000/s and ≥ 0.5× raw pg; top-100 and around-me p95 < 5 ms at 1M members; rebuild of 1M < 60 s',
        },
        null,
        2,
      ),
    );
  } finally {
    await pg.query('DELETE FROM ledger_entry WHERE tenant_id = $1', [TENANT]);
    await pg.query('DELETE FROM balance WHERE tenant_id = $1', [TENANT]);
    const keys = await redis.keys(`ql:{${TENANT}}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    await pg.end();
    redis.disconnect();
    await ranks.close();
    await db.pool.end();
    await db.prisma.$disconnect();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
