/**
 * `npm run bench:profile`: where the CPU goes per event. The five services run on the real Kafka,
 * Postgres and Redis with V8's sampling profiler on for the load only (bench/lib/cpu-profile.cjs); PROFILE_EVENTS events (default
 * 20,000, answer.accepted from 500 users) go through POST /v1/events/batch until every event is in
 * the ledger and every consumer group's lag is zero; then the services stop and each profile is
 * summarised: CPU milliseconds per 1,000 events, split by where the time was spent (a package under
 * node_modules, Node's own internals, garbage collection, or the service's own code), and the
 * hottest functions. Profiles are kept in bench/results/profile-<time>/ for a flame graph
 * (open a .cpuprofile in Chrome DevTools or speedscope).
 *
 * PROFILE_LOAD=single profiles the single-event path instead: the ingest service alone, 16 clients
 * posting one event each to POST /v1/events for PROFILE_SECONDS (default 15); CPU is then per 1,000
 * accepted events.
 *
 * Postgres' side, when it runs with pg_stat_statements preloaded (`bash infra/down.sh &&
 * QL_PG_STATEMENTS=1 bash infra/up.sh`): the statements that took the most execution time over the
 * load, per 1,000 events. Execution time includes lock waits and I/O, so it is where Postgres spent
 * its time, not only its CPU.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { sendAndDrain } from './lib/drain';
import { answerAccepted, createApiKey, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

const EVENTS = Number(process.env['PROFILE_EVENTS'] ?? 20_000);
const USERS = Number(process.env['PROFILE_USERS'] ?? 500);
const LOAD = process.env['PROFILE_LOAD'] === 'single' ? 'single' : 'batch';
const SINGLE_SECONDS = Number(process.env['PROFILE_SECONDS'] ?? 15);
const SINGLE_CLIENTS = 16;
const log = (s: string) => process.stderr.write(`[bench:profile] ${s}\n`);
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per node (µs) from the samples. */
function selfTimes(p: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  return self;
}

/** Where a frame's code lives: a package, Node's internals, V8's pseudo-frames, or the service's own code. */
function bucketOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(gc)';
  if (functionName === '(program)') return '(program: V8, native)';
  if (url === '') return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node: internals';
  const lib = /\/(libs|apps)\/([^/]+)\//.exec(url);
  return lib ? `questline ${lib[2]}` : url.slice(-60);
}

export function summarise(p: CpuProfile, events: number) {
  const self = selfTimes(p);
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of p.nodes) {
    const us = self.get(node.id) ?? 0;
    if (us === 0) continue;
    const bucket = bucketOf(node.callFrame);
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + us);
    if (bucket.startsWith('(')) continue;
    const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(node_modules|libs|apps)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const busy = [...byBucket].filter(([b]) => b !== '(idle)').reduce((a, [, us]) => a + us, 0);
  const per1000 = (us: number) => Number(((us / 1000 / events) * 1000).toFixed(1));
  return {
    busyMsPer1000Events: per1000(busy),
    buckets: [...byBucket].filter(([b]) => b !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 12).map(([bucket, us]) => ({ bucket, msPer1000Events: per1000(us), share: Number((us / busy).toFixed(3)) })),
    functions: [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([fn, us]) => ({ fn, msPer1000Events: per1000(us), share: Number((us / busy).toFixed(3)) })),
  };
}

async function main() {
  const at = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(__dirname, 'results', `profile-${at}`);
  mkdirSync(dir, { recursive: true });
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const env = { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('prof')}.`, LOG_LEVEL: 'warn' };
  const names = LOAD === 'single' ? ['ingest'] : ['ingest', 'rules-engine', 'points', 'achievements', 'notifications'];
  log(`starting ${names.join(', ')} with the sampling profiler`);
  const apps: SpawnedService[] = [];
  for (const name of names) {
    apps.push(await spawnApp(name, { ...env, QL_CPU_PROFILE: join(dir, `${name}.cpuprofile`) }, 120_000, { nodeArgs: ['-r', join(__dirname, 'lib/cpu-profile.cjs')] }));
  }
  for (const a of apps) a.child.kill('SIGUSR2'); // start profiling: the load only, not the start-up
  const ingest = apps[0]!.url;
  const key = (await createApiKey(ingest, tenant, ['events:write', 'read'], 100_000)).key;
  const statements = await pgStatements(env.DATABASE_URL);
  let events = EVENTS;
  let seconds: number;
  if (LOAD === 'single') {
    log(`posting single events from ${SINGLE_CLIENTS} clients for ${SINGLE_SECONDS} s`);
    ({ events, seconds } = await postSingles(ingest, key, SINGLE_SECONDS));
  } else {
    log(`sending ${EVENTS} events`);
    seconds = await sendAndDrain({ apps, tenant, key, databaseUrl: env.DATABASE_URL, events: EVENTS, users: USERS, prefix: 'pr' });
  }
  log(`${events} events in ${seconds.toFixed(1)} s (${Math.round(events / seconds)} events/s); writing the profiles`);
  for (const a of apps) a.child.kill('SIGUSR2');
  const report: Record<string, ReturnType<typeof summarise>> = {};
  for (const name of names) {
    const file = join(dir, `${name}.cpuprofile`);
    for (let i = 0; i < 100 && !existsSync(file); i++) await settle(100);
    await settle(500);
    report[name] = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, events);
  }
  await Promise.all(apps.map((a) => a.stop()));
  const postgres = await statements.read(events);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ at, load: LOAD, events, seconds, report, postgres }, null, 2));
  const what = LOAD === 'single' ? `single events accepted by ingest alone (${SINGLE_CLIENTS} clients)` : 'events end to end, five services';
  const lines = [`Questline bench:profile  ${at}  ${events} ${what} in ${seconds.toFixed(1)} s (${Math.round(events / seconds)}/s); profiles in ${dir}`, ''];
  for (const [name, r] of Object.entries(report)) {
    lines.push(`${name}: ${r.busyMsPer1000Events} ms CPU per 1,000 events (whole process, start-up included)`);
    for (const b of r.buckets) lines.push(`  ${String(b.msPer1000Events).padStart(7)} ms  ${(b.share * 100).toFixed(1).padStart(5)}%  ${b.bucket}`);
    lines.push('  hottest functions:');
    for (const f of r.functions.slice(0, 6)) lines.push(`  ${String(f.msPer1000Events).padStart(7)} ms  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.fn}`);
    lines.push('');
  }
  if (!postgres) lines.push('postgres: statements not available (start it with pg_stat_statements: bash infra/down.sh && QL_PG_STATEMENTS=1 bash infra/up.sh)');
  else {
    lines.push(`postgres: ${postgres.msPer1000Events} ms of statement execution per 1,000 events (lock waits and I/O included); the top statements:`);
    for (const s of postgres.top) lines.push(`  ${String(s.msPer1000Events).padStart(7)} ms  ${(s.share * 100).toFixed(1).padStart(5)}%  ${String(s.calls).padStart(6)} calls  ${s.query}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Postgres' statement statistics over the load, when pg_stat_statements is loaded (reset now, read after). */
async function pgStatements(url: string) {
  const db = new Client({ connectionString: url });
  await db.connect();
  const available = await db
    .query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
    .then(() => db.query('SELECT pg_stat_statements_reset()'))
    .then(
      () => true,
      () => false, // not preloaded: shared_preload_libraries lacks it
    );
  return {
    async read(events: number) {
      try {
        if (!available) return null;
        const { rows } = await db.query<{ ms: number; calls: string; query: string }>(
          `SELECT total_exec_time AS ms, calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
             FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC`,
        );
        const total = rows.reduce((a, r) => a + r.ms, 0);
        const per1000 = (ms: number) => Number(((ms / events) * 1000).toFixed(1));
        return {
          msPer1000Events: per1000(total),
          top: rows.slice(0, 12).map((r) => ({ msPer1000Events: per1000(r.ms), share: Number((r.ms / total).toFixed(3)), calls: Number(r.calls), query: r.query })),
        };
      } finally {
        await db.end();
      }
    },
  };
}

/** SINGLE_CLIENTS clients each posting one event at a time to POST /v1/events for `forSeconds`. */
async function postSingles(ingest: string, key: string, forSeconds: number): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  const until = t0 + forSeconds * 1000;
  let sent = 0;
  await Promise.all(
    Array.from({ length: SINGLE_CLIENTS }, async (_, c) => {
      for (let i = 0; performance.now() < until; i++) {
        const body = JSON.stringify(answerAccepted({ author: `ps-${(c * 7919 + i) % USERS}`, key: `ps-${c}-${i}` }));
        const res = await fetch(`${ingest}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
        if (res.status !== 202) throw new Error(`event refused: ${res.status} ${(await res.text()).slice(0, 300)}`);
        await res.arrayBuffer();
        sent++;
      }
    }),
  );
  return { events: sent, seconds: (performance.now() - t0) / 1000 };
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:profile failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
