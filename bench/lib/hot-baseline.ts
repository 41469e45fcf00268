import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { weekId, type HotEvent, type HotSettings } from './hot-workload';

/** Per event: dedup on its key, count it against its user's local-day cap, and move both boards; returns 1 per award. */
const CAP_AND_BOARD = `
local out = {}
local cap = tonumber(ARGV[1])
local amount = tonumber(ARGV[2])
local prefix = ARGV[3]
for i = 4, #ARGV, 4 do
  local key, user, day, week = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local awarded = 0
  if redis.call('SET', prefix .. 'seen:' .. key, '1', 'NX') then
    local n = redis.call('INCR', prefix .. 'cap:' .. user .. ':' .. day)
    if n <= cap then
      redis.call('ZINCRBY', prefix .. 'all', amount, user)
      redis.call('ZINCRBY', prefix .. 'week:' .. week, amount, user)
      awarded = 1
    end
  end
  out[#out + 1] = awarded
end
return out`;

/**
 * bench:hot's in-repo baseline: the same events, in the same order and batches, straight into a
 * ledger-shaped Postgres table (logged, unique idempotency key, one INSERT … unnest per batch) after
 * a Redis Lua script that deduplicates, applies the daily cap in the tenant's zone and moves the
 * all-time and weekly boards — no HTTP, no Kafka, no schema validation, no decision records. Its
 * all-time board is checked against the oracle like Questline's.
 */
export async function rawHotBaseline(o: { databaseUrl: string; redisUrl: string; settings: HotSettings; events: HotEvent[]; batch: number; concurrency: number; run: string }): Promise<{ eventsPerSec: number; allTime: Map<string, number> }> {
  const table = `bench_hot_ledger_${process.pid}`;
  const prefix = `benchhot:${o.run}:`;
  const setup = new Client({ connectionString: o.databaseUrl });
  await setup.connect();
  await setup.query(`CREATE TABLE ${table} (id bigserial PRIMARY KEY, tenant_id text NOT NULL, user_id text NOT NULL, currency text NOT NULL, amount bigint NOT NULL, idempotency_key text NOT NULL UNIQUE, occurred_at timestamptz NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const redis = new Redis(o.redisUrl);
  const workers = await Promise.all(Array.from({ length: o.concurrency }, async () => {
    const c = new Client({ connectionString: o.databaseUrl });
    await c.connect();
    return c;
  }));
  const batches: HotEvent[][] = [];
  for (let i = 0; i < o.events.length; i += o.batch) batches.push(o.events.slice(i, i + o.batch));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    workers.map(async (c) => {
      while (next < batches.length) {
        const b = batches[next++]!;
        const args: (string | number)[] = [o.settings.cap, o.settings.amount, prefix];
        for (const e of b) args.push(e.key, e.user, DateTime.fromMillis(e.atMs, { zone: o.settings.zone }).toISODate()!, weekId(e.atMs, o.settings.zone, o.settings.weekStart));
        const awarded = (await redis.eval(CAP_AND_BOARD, 0, ...args)) as number[];
        const rows = b.filter((_, i) => awarded[i] === 1);
        if (rows.length === 0) continue;
        await c.query(
          `INSERT INTO ${table} (tenant_id, user_id, currency, amount, idempotency_key, occurred_at)
           SELECT 'bench', u, 'xp', $3, k, to_timestamp(t / 1000.0) FROM unnest($1::text[], $2::text[], $4::bigint[]) AS x(u, k, t)
           ON CONFLICT (idempotency_key) DO NOTHING`,
          [rows.map((e) => e.user), rows.map((e) => e.key), o.settings.amount, rows.map((e) => e.atMs)],
        );
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const flat = await redis.zrange(`${prefix}all`, 0, -1, 'WITHSCORES');
  const allTime = new Map<string, number>();
  for (let i = 0; i < flat.length; i += 2) allTime.set(flat[i]!, Number(flat[i + 1]));
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = nextCursor;
  } while (cursor !== '0');
  await redis.quit();
  await Promise.all(workers.map((c) => c.end()));
  await setup.query(`DROP TABLE ${table}`);
  await setup.end();
  return { eventsPerSec: o.events.length / seconds, allTime };
}
