/**
 * `npm run bench:footprint`: what each service costs, for sizing (docs/operations.md). The five
 * services on the real Kafka, Postgres and Redis that infra/up.sh starts, the full TekTree pack
 * (badges, notifications, boards): resident memory idle, and while FOOTPRINT_EVENTS events
 * (default 20,000, answer.accepted for FOOTPRINT_USERS users) go through POST /v1/events/batch
 * (500 per request, 4 in flight) until every one is on the board; CPU seconds each service spent
 * per 1,000 events (done when every event is in the ledger and every consumer group's lag, from
 * questline_consumer_lag_messages, is zero). The raw baseline, measured in the same run: a bare Node process's resident
 * memory (what any Node service costs before its own code). Also the CPU the infrastructure spent
 * over the same load — Postgres (every server process, and those that ended, through the
 * postmaster's reaped-children times), the Kafka broker and Redis — from /proc, for the processes
 * infra/up.sh started (their pid files); anything else on the machine is not counted. Of Postgres'
 * CPU, what its autovacuum workers spent (sampled: a run that happens to vacuum a large table of
 * earlier runs costs more, and that is not the release's doing). And what Postgres did, counted
 * rather than timed (pg_stat_wal, pg_stat_user_tables): WAL records and bytes, rows inserted and
 * updated, the share of updates that were HOT — figures that two releases can be compared on
 * without the CPU figures' run-to-run noise. The same for Kafka: the records written to each of
 * this run's topics (their high watermarks; a packed record counts once) and their log bytes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendAndDrain } from './lib/drain';
import { kafkaWork, readTopicCounts } from './lib/kafka-work';
import { PgProcessSampler, pgWork, readPgCounters, type PgWork } from './lib/pg-work';
import { childrenOf, procStat } from './lib/proc';
import { createApiKey, infraEnv, spawnApps, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const EVENTS = num('FOOTPRINT_EVENTS', 20_000);
const USERS = num('FOOTPRINT_USERS', 500);
const log = (s: string) => process.stderr.write(`[bench:footprint] ${s}\n`);
const TICK = 100; // clock ticks per second on Linux (getconf CLK_TCK)

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
function cpuSeconds(pid: number): number {
  const f = procStat(pid);
  return (f[11]! + f[12]!) / TICK; // utime + stime
}
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds of a process including the children it reaped (cutime + cstime): Postgres' ended backends. */
function cpuWithReaped(pid: number): number {
  const f = procStat(pid);
  return (f[11]! + f[12]! + f[13]! + f[14]!) / TICK;
}

/** The processes infra/up.sh started (their pid files under QL_INFRA_DIR), so nothing else on the machine is counted. */
const INFRA_DIR = process.env['QL_INFRA_DIR'] ?? join(__dirname, '..', '.infra');
function pidFrom(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(INFRA_DIR, file), 'utf8').split('\n')[0]!.trim());
    return Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds so far of the infrastructure infra/up.sh started; a process it did not start is absent (not measured). */
function infraCpu(): Map<string, number> {
  const totals = new Map<string, number>();
  const postmaster = pidFrom('postgres/postmaster.pid');
  if (postmaster !== undefined) {
    // The postmaster with its ended backends (reaped-children times), and every live backend.
    let total = cpuWithReaped(postmaster);
    for (const { stat } of childrenOf(postmaster)) total += (stat[11]! + stat[12]!) / TICK;
    totals.set('postgres', total);
  }
  for (const [name, file] of [
    ['kafka', 'kafka/kafka.pid'],
    ['redis', 'redis/redis.pid'],
  ] as const) {
    const pid = pidFrom(file);
    if (pid !== undefined) totals.set(name, cpuSeconds(pid));
  }
  return totals;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function bareNodeRss(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await settle(1_500);
  const rss = rssMiB(child.pid!);
  child.kill();
  return rss;
}

async function main() {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const env = { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('fp')}.`, LOG_LEVEL: 'warn' };
  log('starting the five services on the real infrastructure');
  const apps: SpawnedService[] = await spawnApps(['ingest', 'rules-engine', 'points', 'achievements', 'notifications'], env, 120_000);
  try {
    const ingest = apps[0]!.url;
    const key = (await createApiKey(ingest, tenant, ['events:write', 'read'], 100_000)).key;
    // Long enough for the start-up's statistics to be flushed before the first reading (at the
    // latest 10 s after a backend goes idle: PGSTAT_IDLE_INTERVAL).
    await settle(11_000);
    const idle = new Map(apps.map((a) => [a.name, rssMiB(a.child.pid!)]));
    const cpu0 = new Map(apps.map((a) => [a.name, cpuSeconds(a.child.pid!)]));
    const infra0 = infraCpu();
    const pg0 = await readPgCounters(env.DATABASE_URL);
    const brokers = env.KAFKA_BROKERS.split(',');
    const kafkaDataDir = join(INFRA_DIR, 'kafka', 'data');
    const topics0 = await readTopicCounts(brokers, env.QUESTLINE_NAMESPACE, kafkaDataDir);
    const postmaster = pidFrom('postgres/postmaster.pid');
    const pgProcesses = postmaster === undefined ? undefined : new PgProcessSampler(postmaster);
    const peak = new Map(idle);
    const sampler = setInterval(() => {
      for (const a of apps) peak.set(a.name, Math.max(peak.get(a.name)!, rssMiB(a.child.pid!)));
      pgProcesses?.sample();
    }, 250);

    log(`sending ${EVENTS} events from ${USERS} users`);
    const seconds = await sendAndDrain({ apps, tenant, key, databaseUrl: env.DATABASE_URL, events: EVENTS, users: USERS, prefix: 'fp' });
    clearInterval(sampler);
    pgProcesses?.sample();
    const infra1 = infraCpu();
    const cpu1 = new Map(apps.map((a) => [a.name, cpuSeconds(a.child.pid!)]));
    // Backends flush their statistics at the latest 10 s after they go idle (PGSTAT_IDLE_INTERVAL).
    await settle(11_000);
    const work: PgWork = pgWork(pg0, await readPgCounters(env.DATABASE_URL), EVENTS);
    const kafka = kafkaWork(topics0, await readTopicCounts(brokers, env.QUESTLINE_NAMESPACE, kafkaDataDir), EVENTS);
    const autovacuumSeconds = pgProcesses?.secondsByKind(TICK).get('autovacuum') ?? 0;
    const infra = [...infra1].filter(([name]) => infra0.has(name)).map(([name, s]) => ({ process: name, cpuSecondsPer1000Events: Number((((s - infra0.get(name)!) / EVENTS) * 1000).toFixed(3)) }));
    const rows = apps.map((a) => ({
      service: a.name,
      idleMiB: Math.round(idle.get(a.name)!),
      peakMiB: Math.round(peak.get(a.name)!),
      cpuSecondsPer1000Events: Number((((cpu1.get(a.name)! - cpu0.get(a.name)!) / EVENTS) * 1000).toFixed(3)),
    }));
    const bare = Math.round(await bareNodeRss());
    const postgresWork = { ...work, autovacuumCpuSecondsPer1000Events: Number(((autovacuumSeconds / EVENTS) * 1000).toFixed(3)) };
    const result = { at: new Date().toISOString(), events: EVENTS, users: USERS, endToEndEventsPerSecond: Math.round(EVENTS / seconds), bareNodeIdleMiB: bare, services: rows, infrastructure: infra, postgresWork, kafkaWork: kafka };
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', `footprint-${result.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
    process.stdout.write(
      [
        `Questline bench:footprint  ${result.at}  ${EVENTS} events, ${USERS} users, five services on real infrastructure`,
        `end to end ${result.endToEndEventsPerSecond} events/s; a bare Node process idles at ${bare} MiB (the raw baseline)`,
        '',
        'service          idle MiB   peak MiB   CPU s per 1,000 events   idle ÷ bare Node',
        ...rows.map((r) => `${r.service.padEnd(16)} ${String(r.idleMiB).padStart(8)}   ${String(r.peakMiB).padStart(8)}   ${String(r.cpuSecondsPer1000Events).padStart(22)}   ${(r.idleMiB / bare).toFixed(1).padStart(16)}`),
        `services, sum                                  ${sum(rows.map((r) => r.cpuSecondsPer1000Events)).toFixed(3).padStart(22)}`,
        '',
        'infrastructure, same load (this machine)   CPU s per 1,000 events',
        ...infra.map((r) => `${r.process.padEnd(16)}                           ${String(r.cpuSecondsPer1000Events).padStart(15)}`),
        `infrastructure, sum                        ${sum(infra.map((r) => r.cpuSecondsPer1000Events)).toFixed(3).padStart(15)}`,
        `  of which Postgres autovacuum (sampled)   ${postgresWork.autovacuumCpuSecondsPer1000Events.toFixed(3).padStart(15)}   (${work.autovacuumRuns} autovacuum and ${work.autoanalyzeRuns} autoanalyze runs)`,
        '',
        'Postgres work per 1,000 events (counted: pg_stat_wal, cluster-wide; pg_stat_user_tables)',
        `WAL records ${work.per1000Events.walRecords} · WAL ${work.per1000Events.walKiB} KiB · full-page images ${work.per1000Events.fullPageImages} · rows inserted ${work.per1000Events.rowsInserted} · rows updated ${work.per1000Events.rowsUpdated}, HOT ${(work.hotShareOfUpdates * 100).toFixed(1)}%`,
        ...work.updatedTables.slice(0, 6).map((t) => `  ${t.table.padEnd(28)} updates ${String(t.updatesPer1000Events).padStart(7)}   HOT ${(t.hotShare * 100).toFixed(1).padStart(5)}%`),
        '',
        'Kafka work per 1,000 events (counted: end offsets of this run\'s topics, their log bytes)',
        `records ${kafka.per1000Events.records} · ${kafka.per1000Events.kib ?? '?'} KiB`,
        ...kafka.topics.map((t) => `  ${t.topic.padEnd(44)} records ${String(t.recordsPer1000Events).padStart(7)}   bytes per event ${String(t.bytesPerEvent ?? '?').padStart(6)}`),
        '',
      ].join('\n'),
    );
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:footprint failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
