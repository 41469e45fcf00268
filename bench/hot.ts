/**
 * `npm run bench:hot`: the hot-user workload end to end, on the real Kafka, Postgres and Redis that
 * infra/up.sh starts. HOT_EVENTS events (default 20,000) from HOT_USERS users (50) with a Zipf-like
 * skew, over 14 days, +10 XP each under a daily cap (HOT_CAP, 50 awards per user and local day),
 * 5% re-sent, shuffled, through POST /v1/events/batch (HOT_BATCH events per request, HOT_CONCURRENCY
 * requests in flight). The platform runs as five services (BENCH_TOPOLOGY=services, default) or one
 * standalone process on the same infrastructure (standalone).
 *
 * The run waits until the all-time board equals its oracle, then checks the all-time board, every
 * weekly board and every profile against it: any difference fails the run (exit 1) and no rate is
 * printed. Then a bare Fastify server takes the same request bodies, and raw pg / redis baselines
 * run, in the same process, so the figures come with a same-machine, same-minute reference.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { api, createApiKey, infraEnv, spawnApps, TestTenants, uniqueId } from '@questline/testing';
import { rawPgInsert, rawRedisZincrby, startBareFastify } from './lib/baselines';
import { rawHotBaseline } from './lib/hot-baseline';
import { diffTotals, hotEvents, hotOracle, type HotEvent, type HotSettings } from './lib/hot-workload';
import { round, summarize } from './lib/stats';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TOPOLOGY = process.env['BENCH_TOPOLOGY'] ?? 'services';
const BATCH = num('HOT_BATCH', 500);
const CONCURRENCY = num('HOT_CONCURRENCY', 4);
const SETTLE_TIMEOUT_MS = num('HOT_SETTLE_TIMEOUT_MS', 300_000);
const settings: HotSettings = {
  events: num('HOT_EVENTS', 20_000),
  users: num('HOT_USERS', 50),
  days: 14,
  amount: 10,
  cap: num('HOT_CAP', 50),
  resend: 0.05,
  zone: 'Asia/Ho_Chi_Minh',
  weekStart: 1,
  endMs: Date.now() - 3_600_000,
  seed: num('HOT_SEED', 20261205),
};

const log = (s: string) => process.stderr.write(`[bench:hot] ${s}\n`);

/** The pack: one rule, +amount per answer under the daily cap; an all-time and a weekly board that stay open for the run. */
const hotPack = () =>
  [
    'tenant: hot',
    'version: 1',
    'name: Hot users',
    `timezone: ${settings.zone}`,
    `weekStart: ${settings.weekStart}`,
    'schemaNamespace: tektree',
    'currencies: [{ id: xp }]',
    'rules:',
    `  - { id: answer, on: knowledge.answer.submitted, award: { currency: xp, amount: ${settings.amount} }, limits: { perDay: ${settings.cap} } }`,
    'leaderboards:',
    '  - { id: xp, name: XP, currency: xp, windows: [all-time, weekly], lifecycle: { publishAfterMinutes: 10080, lockAfterHours: 2160 } }',
  ].join('\n');

const body = (events: HotEvent[]) => ({
  events: events.map((e) => ({
    type: 'knowledge.answer.submitted',
    userId: e.user,
    idempotencyKey: e.key,
    occurredAt: new Date(e.atMs).toISOString(),
    payload: { answer_id: e.key, question_id: 'q', answer_author_id: e.user },
  })),
});

async function readBoard(url: string, key: string, query: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const res = await fetch(`${url}/v1/leaderboards/xp?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${key}` } });
    if (res.status === 404) return out;
    const page = (await res.json()) as { entries: { userId: string; score: number }[]; nextCursor: string | null };
    for (const e of page.entries) out.set(e.userId, e.score);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function main() {
  const env = infraEnv();
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree', hotPack);
  const run = uniqueId('hot');
  const events = hotEvents(settings, run);
  const oracle = hotOracle(settings, events);
  const due = [...oracle.total.values()].reduce((a, b) => a + b, 0);
  log(`${events.length} events to send (${settings.events} unique, ${events.length - settings.events} re-sent) from ${settings.users} users; ${due} XP due under a cap of ${settings.cap} a day`);

  log(`starting the platform (${TOPOLOGY}, real infra) for tenant ${tenant}`);
  const appEnv = { ...env, PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('hotb')}.`, LOG_LEVEL: 'warn' };
  const apps = TOPOLOGY === 'standalone' ? ['standalone'] : ['ingest', 'rules-engine', 'points', 'achievements', 'notifications'];
  const processes = await spawnApps(apps, appEnv, 120_000);
  const ingestUrl = processes[0]!.url;
  const readUrl = processes.find((p) => p.name === 'points' || p.name === 'standalone')!.url;
  let failed = false;
  try {
    const key = (await createApiKey(ingestUrl, tenant, ['events:write', 'read'], 100_000)).key;
    const batches: HotEvent[][] = [];
    for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));

    log(`sending ${batches.length} batches of ${BATCH}, ${CONCURRENCY} in flight`);
    const latencies: number[] = [];
    const t0 = performance.now();
    let next = 0;
    let rejected = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batches.length) {
          const b = batches[next++]!;
          const t = performance.now();
          const res = await fetch(`${ingestUrl}/v1/events/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body(b)) });
          const answer = (await res.json()) as { rejected?: number };
          if (res.status !== 202 && res.status !== 207) throw new Error(`batch refused: ${res.status} ${JSON.stringify(answer).slice(0, 500)}`);
          rejected += answer.rejected ?? 0;
          latencies.push(performance.now() - t);
        }
      }),
    );
    const acceptedS = (performance.now() - t0) / 1000;
    if (rejected > 0) throw new Error(`${rejected} events were rejected by ingest`);

    log('waiting for the all-time board to reach the oracle');
    let board = new Map<string, number>();
    const deadline = performance.now() + SETTLE_TIMEOUT_MS;
    while (performance.now() < deadline) {
      board = await readBoard(readUrl, key, 'window=all-time');
      if (diffTotals('all-time', oracle.total, board).length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const settledS = (performance.now() - t0) / 1000;

    const problems = [...diffTotals('all-time board', oracle.total, board)];
    for (const [week, expected] of oracle.weekly) problems.push(...diffTotals(`weekly board ${week}`, expected, await readBoard(readUrl, key, `window=weekly&period=${week}`)));
    const profiles = new Map<string, number>();
    for (const user of oracle.total.keys()) {
      const p = await api(readUrl, tenant, { key }).get(`/v1/users/${user}/profile`);
      profiles.set(user, p.body?.balances?.xp?.lifetime ?? 0);
    }
    problems.push(...diffTotals('profile lifetime', oracle.total, profiles));
    if (problems.length > 0) {
      failed = true;
      const got = [...board.values()].reduce((a, b) => a + b, 0);
      process.stderr.write(`\nbench:hot FAILED: totals differ from the oracle after ${round(settledS, 1)} s (board holds ${got} of ${due} XP due)\n${problems.slice(0, 40).join('\n')}\n`);
      return;
    }

    log('baselines: bare Fastify with the same bodies, raw pg, raw redis');
    const bare = await startBareFastify();
    const tb = performance.now();
    next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batches.length) {
          const res = await fetch(`${bare.url}/v1/events/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(batches[next++]!)) });
          await res.arrayBuffer();
        }
      }),
    );
    const bareS = (performance.now() - tb) / 1000;
    await bare.close();
    log('in-repo baseline: the same events through raw pg and a Redis Lua cap (no HTTP, no Kafka)');
    const raw = await rawHotBaseline({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, settings, events, batch: BATCH, concurrency: CONCURRENCY, run });
    const rawProblems = diffTotals('raw baseline all-time', oracle.total, raw.allTime);
    if (rawProblems.length > 0) throw new Error(`the raw baseline itself is not exact: ${rawProblems.slice(0, 5).join('; ')}`);
    const pg = await rawPgInsert(env.DATABASE_URL, 20_000);
    const redis = await rawRedisZincrby(env.REDIS_URL, 50_000);

    const results = {
      at: new Date().toISOString(),
      topology: TOPOLOGY,
      settings: { ...settings, batch: BATCH, concurrency: CONCURRENCY },
      sent: events.length,
      xpDue: due,
      exact: true,
      acceptedEventsPerSec: round(events.length / acceptedS),
      endToEndEventsPerSec: round(events.length / settledS),
      batchRequestMs: summarize(latencies),
      bareFastifyEventsPerSec: round(events.length / bareS),
      ratioAcceptedToBareFastify: round(events.length / acceptedS / (events.length / bareS), 3),
      rawPgRowsPerSec: round(pg.rowsPerSec),
      rawHotBaselineEventsPerSec: round(raw.eventsPerSec),
      ratioEndToEndToRawHotBaseline: round(events.length / settledS / raw.eventsPerSec, 3),
      rawRedisZincrbyPerSec: round(redis.opsPerSec),
    };
    const ms = (s: { p50: number; p95: number; p99: number }) => `p50 ${round(s.p50, 1)}  p95 ${round(s.p95, 1)}  p99 ${round(s.p99, 1)} ms`;
    process.stdout.write(
      [
        '',
        `Questline bench:hot  ${results.at}  topology ${TOPOLOGY}  (2-core machines are noisy: compare medians of runs and ratios)`,
        `  ${events.length} events (${settings.events} unique) from ${settings.users} skewed users, cap ${settings.cap}/day: all-time board, ${oracle.weekly.size} weekly boards and ${profiles.size} profiles EXACT (${due} XP)`,
        `  accepted        ${results.acceptedEventsPerSec} events/s   ${ms(results.batchRequestMs)} per request of ${BATCH}`,
        `  end to end      ${results.endToEndEventsPerSec} events/s   (first POST until the all-time board equals the oracle; polled every 50 ms)`,
        `  bare Fastify    ${results.bareFastifyEventsPerSec} events/s   (same bodies)   ratio accepted / bare = ${results.ratioAcceptedToBareFastify}`,
        `  raw baseline    ${results.rawHotBaselineEventsPerSec} events/s   (same events: Redis Lua dedup + daily cap + both boards, pg INSERT of the ledger rows; exact)   ratio end to end / raw = ${results.ratioEndToEndToRawHotBaseline} (issue 23 target >= 0.5)`,
        `  raw pg INSERT ... unnest (batches of 500)   ${results.rawPgRowsPerSec} rows/s`,
        `  raw redis ZINCRBY (pipelined 100)           ${results.rawRedisZincrbyPerSec} ops/s`,
        '',
      ].join('\n'),
    );
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `hot-${results.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(results, null, 2));
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    if (failed) process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:hot failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
