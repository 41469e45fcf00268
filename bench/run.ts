/**
 * `npm run bench`: the walking skeleton under load, against the real Kafka, Postgres and Redis that
 * infra/up.sh starts, with raw baselines measured in the same run.
 *
 *   0. the closed-loop capacity of a bare Fastify handler taking the same bodies;
 *   1. open-loop load on POST /v1/events at BENCH_RATE events/s (default: half that capacity, issue
 *      23's target) for BENCH_SECONDS: HTTP latency, the largest backlog (consumer lag of every
 *      group, from the services' metrics), and
 *      for every BENCH_SAMPLE_EVERY-th event the time until GET /v1/leaderboards/xp/users/<author>
 *      shows it (polled every BENCH_POLL_MS: that is the resolution of the end-to-end figure);
 *   2. closed-loop capacity of POST /v1/events and of POST /v1/events/batch (BENCH_BATCH events per
 *      request) vs a bare Fastify handler taking the same bodies, and the time until the last
 *      batched event is on the leaderboard (sustained end-to-end rate);
 *   3. raw baselines: kafkajs produce/consume, pg batched INSERT, redis ZINCRBY.
 * The platform runs as its five services in five processes (BENCH_TOPOLOGY=services, the production
 * shape), as one standalone process (BENCH_TOPOLOGY=standalone), or as the ingest service alone
 * (BENCH_TOPOLOGY=ingest: the publish path without the downstream pipeline competing for the same
 * two cores; no end-to-end figures), on the real infrastructure.
 * Prints a table and writes bench/results/<timestamp>.json. Machines are noisy: compare medians
 * of several runs and the ratios, not single figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { answerAccepted, createApiKey, infraEnv, spawnApps, TestTenants, uniqueId } from '@questline/testing';
import { rawKafka, rawPgInsert, rawRedisZincrby, startBareFastify } from './lib/baselines';
import { closedLoop, openLoop } from './lib/load';
import { meansBetween, scrapeAll, totalLag } from './lib/scrape';
import { round, summarize } from './lib/stats';
import { benchRegistry, printRegistryBench } from './registry';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** Open-loop rate; unset: half the bare-Fastify capacity measured first in the same run (issue 23's target). */
const RATE_SETTING = process.env['BENCH_RATE'] ? Number(process.env['BENCH_RATE']) : undefined;
const BATCH = num('BENCH_BATCH', 500);
const BATCH_CONCURRENCY = num('BENCH_BATCH_CONCURRENCY', 4);
const SECONDS = num('BENCH_SECONDS', 10);
const SAMPLE_EVERY = num('BENCH_SAMPLE_EVERY', 20);
const POLL_MS = num('BENCH_POLL_MS', 10);
const CONCURRENCY = num('BENCH_CONCURRENCY', 16);
const CAPACITY_SECONDS = num('BENCH_CAPACITY_SECONDS', 5);
const TOPOLOGY = process.env['BENCH_TOPOLOGY'] ?? 'services';

/** The tenant API key the load is sent with (events:write + read, a rate limit above the load). */
let apiKey = '';

async function post(url: string, body: unknown, path = '/v1/events'): Promise<number> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Where leaderboards are read (the points service, or the standalone process). */
let readUrl = '';

async function rankVisible(user: string): Promise<boolean> {
  const res = await fetch(`${readUrl}/v1/leaderboards/xp/users/${user}`, { headers: { authorization: `Bearer ${apiKey}` } });
  await res.arrayBuffer();
  return res.status === 200;
}

async function main() {
  const env = infraEnv();
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
  log(`starting the platform (${TOPOLOGY}, real infra) for tenant ${tenant}`);
  const appEnv = { ...env, PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('bench')}.`, LOG_LEVEL: 'warn' };
  const apps = TOPOLOGY === 'standalone' ? ['standalone'] : TOPOLOGY === 'ingest' ? ['ingest'] : ['ingest', 'rules-engine', 'points', 'achievements', 'notifications'];
  const processes = await spawnApps(apps, appEnv, 120_000);
  const platform = processes[0]!;
  readUrl = processes.find((p) => p.name === 'points' || p.name === 'standalone')?.url ?? '';
  const endToEnd = readUrl !== '';
  const run = uniqueId('r');
  const author = (i: number) => `${run}-u${i}`;
  try {
    apiKey = (await createApiKey(platform.url, tenant, ['events:write', 'read'], 100_000)).key;
    log('warm-up');
    await openLoop(200, 2, (i) => post(platform.url, answerAccepted({ author: `${run}-warm${i}` })));

    log(`capacity of a bare Fastify server (closed loop, ${CONCURRENCY} clients, ${CAPACITY_SECONDS} s)`);
    const bare = await startBareFastify();
    const bareCap = await closedLoop(CONCURRENCY, CAPACITY_SECONDS, (i) => post(bare.url, answerAccepted({ author: `${run}-b${i}` })));
    const batchBody = (i: number) => ({ events: Array.from({ length: BATCH }, (_, j) => answerAccepted({ author: `${run}-bb${i}-${j % 50}` })) });
    const bareBatch = await closedLoop(BATCH_CONCURRENCY, CAPACITY_SECONDS, (i) => post(bare.url, batchBody(i), '/v1/events/batch'));
    await bare.close();
    const bareRate = bareCap.ok / bareCap.seconds;
    const RATE = RATE_SETTING ?? Math.max(50, Math.round(bareRate / 2));

    log(`open loop: ${RATE} events/s for ${SECONDS} s, end-to-end sampled every ${SAMPLE_EVERY}th event`);
    const urls = processes.map((p) => p.url);
    let backlogMax = 0;
    const backlogSampler = setInterval(() => void scrapeAll(urls).then((t) => (backlogMax = Math.max(backlogMax, totalLag(t)))), 500);
    const e2e: number[] = [];
    const watchers: Promise<void>[] = [];
    const t0 = performance.now();
    const load = await openLoop(RATE, SECONDS, async (i) => {
      const sent = performance.now();
      const status = await post(platform.url, answerAccepted({ author: author(i) }));
      if (endToEnd && status === 202 && i % SAMPLE_EVERY === 0) {
        watchers.push(
          (async () => {
            const deadline = sent + 60_000;
            while (performance.now() < deadline) {
              if (await rankVisible(author(i))) return void e2e.push(performance.now() - sent);
              await new Promise((r) => setTimeout(r, POLL_MS));
            }
          })(),
        );
      }
      return status;
    });
    await Promise.all(watchers);
    // Drain: the run is over when the last event's author is on the board.
    while (endToEnd && !(await rankVisible(author(load.sent - 1)))) await new Promise((r) => setTimeout(r, POLL_MS));
    const drained = (performance.now() - t0) / 1000;
    clearInterval(backlogSampler);

    // The ingest service's own step timings (its histograms, scraped before and after a phase).
    const metricsText = () => fetch(`${platform.url}/metrics`).then((r) => r.text());
    const stepsOf = (before: string, after: string) => {
      const steps = meansBetween(before, after, 'questline_ingest_step_seconds', 'step');
      const ms = (k: string) => (steps.has(k) ? round(steps.get(k)!.mean * 1000, 3) : null);
      const auth = meansBetween(before, after, 'questline_http_auth_seconds').get('');
      const server = meansBetween(before, after, 'questline_ingest_seconds', 'transport').get('http');
      return {
        authMs: auth ? round(auth.mean * 1000, 3) : null,
        normalizeMs: ms('normalize'),
        privacyMs: ms('privacy'),
        commitMs: ms('commit'),
        storeMs: ms('store'),
        publishMs: ms('publish'),
        eventsPerGroupCommit: steps.get('store') && steps.get('normalize') ? round(steps.get('normalize')!.count / steps.get('store')!.count, 1) : null,
        serverMs: server ? round(server.mean * 1000, 3) : null,
      };
    };
    log(`one client at a time, ${CAPACITY_SECONDS} s: where the time of one request goes when nothing waits`);
    const m0 = await metricsText();
    const single = await closedLoop(1, CAPACITY_SECONDS, (i) => post(platform.url, answerAccepted({ author: `${run}-s${i}` })));
    const m1 = await metricsText();
    log(`capacity: closed loop, ${CONCURRENCY} concurrent clients, ${CAPACITY_SECONDS} s, with the ingest service's own step timings`);
    const ingestCap = await closedLoop(CONCURRENCY, CAPACITY_SECONDS, (i) => post(platform.url, answerAccepted({ author: `${run}-c${i}` })));
    const m2 = await metricsText();

    log(`batch: closed loop, ${BATCH_CONCURRENCY} clients posting ${BATCH} events per request, ${CAPACITY_SECONDS} s`);
    const tb = performance.now();
    let lastAuthor = '';
    const batchCap = await closedLoop(BATCH_CONCURRENCY, CAPACITY_SECONDS, (i) => {
      const body = { events: Array.from({ length: BATCH }, (_, j) => answerAccepted({ author: `${run}-k${i}-${j % 50}` })) };
      lastAuthor = body.events[BATCH - 1]!.payload.answer_author_id;
      return post(platform.url, body, '/v1/events/batch');
    });
    while (endToEnd && !(await rankVisible(lastAuthor))) await new Promise((r) => setTimeout(r, POLL_MS));
    const batchDrained = (performance.now() - tb) / 1000;

    log('raw baselines: kafkajs, pg, redis');
    const kafka = await rawKafka(env.KAFKA_BROKERS.split(','), 20_000);
    const pg = await rawPgInsert(env.DATABASE_URL, 20_000);
    const redis = await rawRedisZincrby(env.REDIS_URL, 50_000);

    log('registry: normalise + validate on one core');
    const registry = benchRegistry();
    const http = summarize(load.latencies);
    const e2eMs = summarize(e2e.length > 0 ? e2e : [0]);
    const results = {
      at: new Date().toISOString(),
      settings: { TOPOLOGY, RATE, SECONDS, SAMPLE_EVERY, POLL_MS, CONCURRENCY, CAPACITY_SECONDS, KAFKA_PACK_INTERNAL: process.env['KAFKA_PACK_INTERNAL'] ?? 'true' },
      openLoop: {
        offeredPerSec: RATE,
        offeredOverBareFastify: round(RATE / bareRate, 3),
        backlogMaxMessages: backlogMax,
        acceptedPerSec: round(load.ok / load.seconds),
        endToEndPerSec: round(load.ok / drained),
        statuses: load.statuses,
        httpMs: http,
        postToLeaderboardMs: endToEnd ? e2eMs : null,
      },
      capacity: {
        ingestPerSec: round(ingestCap.ok / ingestCap.seconds),
        bareFastifyPerSec: round(bareCap.ok / bareCap.seconds),
        ratio: round(ingestCap.ok / ingestCap.seconds / (bareCap.ok / bareCap.seconds), 3),
        ingestMs: summarize(ingestCap.latencies),
        bareFastifyMs: summarize(bareCap.latencies),
        batch: {
          eventsPerRequest: BATCH,
          ingestEventsPerSec: round((batchCap.ok * BATCH) / batchCap.seconds),
          endToEndEventsPerSec: round((batchCap.ok * BATCH) / batchDrained),
          bareFastifyEventsPerSec: round((bareBatch.ok * BATCH) / bareBatch.seconds),
          ratio: round((batchCap.ok / batchCap.seconds) / (bareBatch.ok / bareBatch.seconds), 3),
          requestMs: summarize(batchCap.latencies),
        },
        /** Mean ms per single-event request in the ingest service (its own histograms): one client, and at capacity. */
        singleEventSteps: { ...stepsOf(m1, m2), oneClient: { ...stepsOf(m0, m1), clientMs: summarize(single.latencies) } },
      },
      raw: {
        kafkaProducePerSec: round(kafka.producePerSec),
        kafkaProduceConsumePerSec: round(kafka.endToEndPerSec),
        kafkaLatencyMs: kafka.latency,
        pgInsertRowsPerSec: round(pg.rowsPerSec),
        redisZincrbyPerSec: round(redis.opsPerSec),
      },
      registry,
    };
    // Issue 23's targets, each with the baseline it is a ratio of (same run).
    const e2eBatch = results.capacity.batch.endToEndEventsPerSec;
    const goals = endToEnd
      ? [
          ['batch end to end ÷ raw kafkajs produce+consume', e2eBatch / results.raw.kafkaProduceConsumePerSec, '>= 0.5', e2eBatch / results.raw.kafkaProduceConsumePerSec >= 0.5],
          ['batch end to end ÷ raw pg INSERT of ledger rows', e2eBatch / results.raw.pgInsertRowsPerSec, '>= 0.3', e2eBatch / results.raw.pgInsertRowsPerSec >= 0.3],
          [`open loop at ${results.openLoop.offeredOverBareFastify}× bare Fastify: POST p95 ms`, http.p95, '< 10', http.p95 < 10 && RATE >= bareRate / 2],
          ['open loop: POST → on leaderboard p95 ms', e2eMs.p95, '< 100', e2eMs.p95 < 100 && RATE >= bareRate / 2],
          ['open loop: largest backlog (messages, all groups)', backlogMax, '<= 10000', backlogMax <= 10_000],
        ] as const
      : [];
    Object.assign(results, { goals: goals.map(([name, value, target, met]) => ({ name, value: round(value, 3), target, met })) });
    const ms = (s: { p50: number; p95: number; p99: number }) => `p50 ${round(s.p50, 1)}  p95 ${round(s.p95, 1)}  p99 ${round(s.p99, 1)} ms`;
    const lines = [
      '',
      `Questline bench  ${results.at}  topology ${TOPOLOGY}  (2-core machines are noisy: compare medians of runs and ratios)`,
      '',
      `open loop  offered ${RATE}/s (${results.openLoop.offeredOverBareFastify}× bare Fastify)  largest backlog ${backlogMax} messages  accepted ${results.openLoop.acceptedPerSec}/s${endToEnd ? `  end-to-end ${results.openLoop.endToEndPerSec}/s` : ''}  statuses ${JSON.stringify(load.statuses)}`,
      `  POST /v1/events                ${ms(http)}`,
      endToEnd ? `  POST -> on leaderboard (n=${e2eMs.count})  ${ms(e2eMs)}  (poll ${POLL_MS} ms)` : '  (ingest alone: no end-to-end figures)',
      `capacity (closed loop, ${CONCURRENCY} clients)`,
      `  POST /v1/events   ${results.capacity.ingestPerSec}/s   ${ms(results.capacity.ingestMs)}`,
      `  bare Fastify      ${results.capacity.bareFastifyPerSec}/s   ${ms(results.capacity.bareFastifyMs)}`,
      `  ratio ingest / bare Fastify = ${results.capacity.ratio}`,
      ...(
        [
          ['one client', results.capacity.singleEventSteps.oneClient, results.capacity.singleEventSteps.oneClient.clientMs.p50],
          [`${CONCURRENCY} clients`, results.capacity.singleEventSteps, results.capacity.ingestMs.p50],
        ] as const
      ).map(
        ([label, st, client]) =>
          `  one request in the ingest service (${label}), mean ms: auth ${st.authMs}  normalize ${st.normalizeMs}  privacy ${st.privacyMs}  commit wait ${st.commitMs} (store ${st.storeMs} + publish ${st.publishMs} per group commit of ${st.eventsPerGroupCommit} events)  use case ${st.serverMs}; client p50 ${round(client, 2)}`,
      ),
      `batch (closed loop, ${BATCH_CONCURRENCY} clients x ${BATCH} events per request)`,
      `  POST /v1/events/batch   ${results.capacity.batch.ingestEventsPerSec} events/s accepted${endToEnd ? `, ${results.capacity.batch.endToEndEventsPerSec} events/s until the last is on the leaderboard` : ''}   ${ms(results.capacity.batch.requestMs)} per request`,
      `  bare Fastify            ${results.capacity.batch.bareFastifyEventsPerSec} events/s   ratio ${results.capacity.batch.ratio}`,
      'raw baselines (same run)',
      `  kafkajs produce (acks=all, batches of 100)   ${results.raw.kafkaProducePerSec} msg/s`,
      `  kafkajs produce+consume                      ${results.raw.kafkaProduceConsumePerSec} msg/s   ${ms(kafka.latency)}`,
      `  pg INSERT ... unnest (batches of 500)        ${results.raw.pgInsertRowsPerSec} rows/s`,
      `  redis ZINCRBY (pipelined 100)                ${results.raw.redisZincrbyPerSec} ops/s`,
      printRegistryBench(registry),
      ...(goals.length > 0 ? ['', "issue 23's targets (ratios to baselines of this run)"] : []),
      ...goals.map(([name, value, target, met]) => `  ${met ? 'met    ' : 'NOT met'}  ${name}: ${round(value, 3)} (target ${target})`),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${results.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(results, null, 2));
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
