/**
 * `npm run bench:scaling` (issue 23): how the five services' end-to-end rate changes with the
 * partition count (SCALING_PARTITIONS, default 1,2,4) and with one or two instances of each consumer
 * service (SCALING_INSTANCES, default 1,2), and how POST → on the leaderboard grows with the backlog
 * ahead of an event (SCALING_BACKLOGS, default 0,2000,10000 events, on 4 partitions, one instance:
 * the backlog is posted while only ingest runs, the consumer services are started, then
 * SCALING_PROBES events with distinct keys are posted behind it and timed until each is on the board).
 *
 * Each configuration gets fresh topics (its own namespace) with that many partitions, the real
 * Kafka, Postgres and Redis of infra/up.sh, and SCALING_EVENTS events (default 10,000) from
 * SCALING_USERS users through POST /v1/events/batch (500 per request, 4 in flight), timed until
 * every event is in the ledger and every consumer group's lag is zero. Beside each row, the raw
 * baseline of the same partition count in the same run: bare kafkajs produce + consume.
 *
 * On a 2-core machine this measures contention more than scale-out: more partitions and instances
 * mean more processes and more consumers on the same two cores. No pass/fail.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { answerAccepted, createApiKey, infraEnv, spawnApps, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';
import { rawKafka } from './lib/baselines';
import { untilCaughtUp } from './lib/drain';
import { round, summarize } from './lib/stats';

const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map(Number);
const PARTITIONS = list('SCALING_PARTITIONS', '1,2,4');
const INSTANCES = list('SCALING_INSTANCES', '1,2');
const BACKLOGS = list('SCALING_BACKLOGS', '0,2000,10000');
const EVENTS = Number(process.env['SCALING_EVENTS'] ?? 10_000);
const USERS = Number(process.env['SCALING_USERS'] ?? 500);
const PROBES = Number(process.env['SCALING_PROBES'] ?? 16);
const CONSUMERS = ['rules-engine', 'points', 'achievements', 'notifications'];
const log = (s: string) => process.stderr.write(`[bench:scaling] ${s}\n`);
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Platform {
  apps: SpawnedService[];
  ingest: string;
  points: string;
  key: string;
  tenant: string;
}

/** The platform on fresh topics of `partitions`; `instances` of each consumer service (0: ingest alone, consumers started later by `addConsumers`). */
async function start(partitions: number, instances: number): Promise<Platform & { env: Record<string, string> }> {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const env = { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('sc')}.`, LOG_LEVEL: 'warn', KAFKA_PARTITIONS: String(partitions) };
  const names = ['ingest', ...CONSUMERS.flatMap((c) => Array.from({ length: instances }, () => c))];
  const apps = await spawnApps(names, env, 180_000);
  const ingest = apps[0]!.url;
  const key = (await createApiKey(ingest, tenant, ['events:write', 'read'], 100_000)).key;
  return { apps, ingest, points: apps.find((a) => a.name === 'points')?.url ?? '', key, tenant, env };
}

async function addConsumers(p: Platform & { env: Record<string, string> }): Promise<void> {
  const consumers = await spawnApps(CONSUMERS, p.env, 180_000);
  p.apps.push(...consumers);
  p.points = consumers.find((a) => a.name === 'points')!.url;
}

const post = async (p: Platform, events: unknown[]) => {
  const res = await fetch(`${p.ingest}/v1/events/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.key}` }, body: JSON.stringify({ events }) });
  if (res.status !== 202) throw new Error(`batch refused: ${res.status} ${(await res.text()).slice(0, 300)}`);
};

/** Events from `USERS` users, accepted by as many different users (so every topic's keys spread over the partitions). */
const workload = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => answerAccepted({ author: `${prefix}-a${i % USERS}`, acceptedBy: `${prefix}-q${(i * 7) % USERS}`, key: `${prefix}-${i}` }));

async function sendAll(p: Platform, events: unknown[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < events.length) await post(p, events.slice(next, (next += 500)));
    }),
  );
}

async function drained(p: Platform, prefix: string, expected: number, db: Client, t0: number): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM ledger_entry WHERE tenant_id = $1 AND rule_id = 'answer-accepted' AND user_id LIKE $2", [p.tenant, `${prefix}-a%`]);
    if (Number(rows[0]!.n) >= expected) break;
    if (performance.now() - t0 > 900_000) throw new Error(`only ${rows[0]!.n} of ${expected} in the ledger after 15 minutes`);
    await settle(200);
  }
  await untilCaughtUp(p.apps.map((a) => a.url), t0 + 900_000);
}

async function visible(p: Platform, user: string): Promise<boolean> {
  const res = await fetch(`${p.points}/v1/leaderboards/xp/users/${user}`, { headers: { authorization: `Bearer ${p.key}` } });
  await res.arrayBuffer();
  return res.status === 200;
}

async function main() {
  const env = infraEnv();
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const rows: { partitions: number; instances: number; endToEndPerSec: number; rawKafkaPerSec: number; ratio: number }[] = [];
  const backlog: { backlogEvents: number; lagAtProbe: number; postToLeaderboardMs: number; maxMs: number }[] = [];
  try {
    for (const partitions of PARTITIONS) {
      const raw = await rawKafka(env.KAFKA_BROKERS.split(','), 20_000, partitions);
      for (const instances of INSTANCES) {
        log(`${partitions} partition(s), ${instances} instance(s) of each consumer service: ${EVENTS} events`);
        const p = await start(partitions, instances);
        try {
          await settle(3_000);
          const prefix = uniqueId('s');
          const t0 = performance.now();
          await sendAll(p, workload(prefix, EVENTS));
          await drained(p, prefix, EVENTS, db, t0);
          const rate = EVENTS / ((performance.now() - t0) / 1000);
          rows.push({ partitions, instances, endToEndPerSec: round(rate), rawKafkaPerSec: round(raw.endToEndPerSec), ratio: round(rate / raw.endToEndPerSec, 3) });
          log(`  ${round(rate)} events/s end to end; raw kafkajs ${round(raw.endToEndPerSec)} msg/s`);

        } finally {
          await Promise.all(p.apps.map((a) => a.stop()));
        }
      }
    }
    // Latency behind a backlog: the backlog is posted while only ingest runs (nothing drains it),
    // then the consumers start, then the probes are posted behind it and timed until on the board.
    for (const size of BACKLOGS) {
      log(`backlog of ${size} events on 4 partitions, one instance each: probes posted behind it`);
      const p = await start(4, 0);
      try {
        const bp = uniqueId('b');
        const t1 = performance.now();
        if (size > 0) await sendAll(p, workload(bp, size));
        await addConsumers(p);
        const probes = Array.from({ length: PROBES }, () => uniqueId('probe'));
        const sent = performance.now();
        await post(p, probes.map((probe) => answerAccepted({ author: probe, acceptedBy: `${probe}-q`, key: probe })));
        const took = await Promise.all(
          probes.map(async (probe) => {
            while (!(await visible(p, probe))) await settle(10);
            return performance.now() - sent;
          }),
        );
        const s = summarize(took);
        backlog.push({ backlogEvents: size, lagAtProbe: size, postToLeaderboardMs: round(s.p50, 1), maxMs: round(s.max, 1) });
        log(`  behind ${size} events: POST → on leaderboard p50 ${round(s.p50)} ms, max ${round(s.max)} ms (${PROBES} probes)`);
        await drained(p, bp, size, db, t1);
      } finally {
        await Promise.all(p.apps.map((a) => a.stop()));
      }
    }
  } finally {
    await db.end();
  }
  const at = new Date().toISOString();
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', `scaling-${at.replace(/[:.]/g, '-')}.json`), JSON.stringify({ at, events: EVENTS, users: USERS, rows, backlog }, null, 2));
  process.stdout.write(
    [
      `Questline bench:scaling  ${at}  ${EVENTS} events from ${USERS} users per row, five services on real infrastructure (2 cores: contention, not scale-out)`,
      '',
      'partitions  instances per consumer service  end to end events/s  raw kafkajs produce+consume msg/s  ratio',
      ...rows.map((r) => `${String(r.partitions).padStart(10)}  ${String(r.instances).padStart(30)}  ${String(r.endToEndPerSec).padStart(19)}  ${String(r.rawKafkaPerSec).padStart(33)}  ${r.ratio}`),
      '',
      'latency behind a backlog (4 partitions, one instance each): the backlog posted while the consumers were down, the probes right after they started',
      ...backlog.map((b) => `  behind ${String(b.backlogEvents).padStart(6)} events: POST → on leaderboard p50 ${b.postToLeaderboardMs} ms, max ${b.maxMs} ms (${PROBES} probes)`),
      '',
    ].join('\n'),
  );
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:scaling failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
