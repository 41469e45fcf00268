/**
 * Re-scoring 1,000,000 stored events (issue 5: under 5 minutes on this machine), against real
 * Postgres and Kafka from infra/up.sh. `npm run bench:rescore` (BENCH_RESCORE_EVENTS to change N).
 *
 * Setup (not timed): N processed events of one bench tenant in `ingested_event`, each with the
 * ledger entry pack v1 gave it (+5 xp), over 30 days and 10,000 users. Then, timed:
 *  - dry run: RescoreService with pack v2 (the rule now gives +7) reads every event, replays it,
 *    compares with the ledger and builds the per-user diff;
 *  - apply: the same, publishing every correction (one compensating award per event) to Kafka;
 *  - raw baseline, same run: node-postgres paging through the same rows in the same keyset order
 *    (the floor: reading the events, nothing else).
 * The corrections' trip through points (ledger + boards) is the ledger benchmark's business.
 */
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { Topics } from '@questline/contracts';
import { KafkaTransport, ReliableMessageBus } from '@questline/messaging/adapters';
import { applyMigrations, createDatabase } from '@questline/persistence';
import { parsePack, type Pack, type PackCatalog } from '@questline/rules';
import { PgRescoreSource, RescoreService } from '@questline/rules-engine';
import { loadRegistry } from '@questline/schema-registry';

const ROOT = resolve(__dirname, '..');
import { round } from './lib/stats';

const N = Number(process.env['BENCH_RESCORE_EVENTS'] ?? 1_000_000);
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://questline:questline@127.0.0.1:5432/questline';
const KAFKA_BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:29092').split(',');
const TENANT = `bench-rescore-${Date.now()}`;
const FROM = new Date('2026-10-01T00:00:00Z');
const TO = new Date('2026-10-31T00:00:00Z');

const packText = (version: number, amount: number) => `tenant: ${TENANT}
version: ${version}
name: Bench
schemaNamespace: bench
currencies: [{ id: xp }]
rules:
  - id: act
    version: ${version}
    on: bench.action
    award: { currency: xp, amount: ${amount}, to: subject }
`;

async function seed(c: Client): Promise<void> {
  const span = TO.getTime() - FROM.getTime();
  for (let start = 0; start < N; start += 100_000) {
    const n = Math.min(100_000, N - start);
    await c.query(
      `WITH g AS (
         SELECT i, gen_random_uuid() AS id, $2::timestamptz + (i::double precision / $4) * ($5 || ' milliseconds')::interval AS at, 'u' || (i % 10000) AS u
           FROM generate_series($3::bigint, $3::bigint + $6 - 1) AS i
       ), ev AS (
         INSERT INTO ingested_event (id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope, status)
         SELECT id, $1, 'k' || i, 'bench.action', 1, u, at, at,
                jsonb_build_object('id', id, 'type', 'bench.action', 'schemaVersion', 1, 'tenantId', $1::text, 'userId', u,
                  'occurredAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'receivedAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'source', 'bench', 'idempotencyKey', 'k' || i, 'payload', jsonb_build_object('score', i % 100), 'meta', '{}'::jsonb),
                'processed'
           FROM g
         RETURNING id, user_id, occurred_at
       )
       INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
       SELECT $1, user_id, 'xp', 5, 'earn', id, 'act', 1, id || ':act:' || user_id || ':xp', occurred_at FROM ev`,
      [TENANT, FROM, start, N, span, n],
    );
  }
  await c.query('ANALYZE ingested_event');
  await c.query('ANALYZE ledger_entry');
}

async function rawRead(c: Client): Promise<number> {
  const t0 = performance.now();
  let cursor: { at: string; arrival: string; id: string } | null = null;
  let rows = 0;
  for (;;) {
    // The same rows in the same order (time, arrival, id) as re-scoring reads them.
    const res: { rows: { event_id: string; at: string; arrival: string; envelope: unknown }[] } = await c.query(
      `SELECT id::text AS event_id, occurred_at::text AS at, coalesce(arrival, 0)::text AS arrival, envelope FROM ingested_event
        WHERE tenant_id = $1 AND status = 'processed' AND occurred_at >= $2 AND occurred_at < $3
          AND ($4::timestamptz IS NULL OR (occurred_at >= $4::timestamptz AND (occurred_at, coalesce(arrival, 0), id) > ($4::timestamptz, $5::bigint, $6::uuid)))
        ORDER BY occurred_at, coalesce(arrival, 0), id LIMIT 5000`,
      [TENANT, FROM, TO, cursor?.at ?? null, cursor?.arrival ?? '0', cursor?.id ?? null],
    );
    rows += res.rows.length;
    if (res.rows.length < 5000) break;
    const last = res.rows[res.rows.length - 1]!;
    cursor = { at: last.at, arrival: last.arrival, id: last.event_id };
  }
  if (rows !== N) throw new Error(`raw read saw ${rows} rows, expected ${N}`);
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  await applyMigrations(DATABASE_URL);
  const c = new Client({ connectionString: DATABASE_URL });
  await c.connect();
  const db = createDatabase({ url: DATABASE_URL, poolMax: 4 });
  const transport = new KafkaTransport({ brokers: KAFKA_BROKERS, clientId: 'bench-rescore', namespace: `bench-rescore-${process.pid}`, partitions: 4, log: { warn: () => undefined, error: (obj, msg) => console.error(msg, obj) } });
  const bus = new ReliableMessageBus(transport, {});
  try {
    let t0 = performance.now();
    await seed(c);
    const seedSeconds = (performance.now() - t0) / 1000;
    console.log(`seeded ${N} events and ledger entries in ${round(seedSeconds, 1)} s`);

    const v2: Pack = parsePack(packText(2, 7));
    const packs: PackCatalog = { get: (t) => (t === TENANT ? v2 : undefined), tenants: () => [TENANT] };
    const audit = { record: async () => undefined };
    const service = new RescoreService(packs, new PgRescoreSource(db.pool), audit, bus, loadRegistry(join(ROOT, 'event-schemas')), {
      // Nothing consumes the corrections here: the apply figure is the time to publish them.
      RESCORE_LEASE_MS: 1_000,
      RESCORE_SETTLE_MS: 0,
    });
    await bus.ensureTopics([Topics.EventScored]);
    const who = { keyId: 'bench', tenantId: TENANT, scopes: ['admin'] } as never;

    const rawSeconds = await rawRead(c);
    t0 = performance.now();
    const dry = await service.run(TENANT, { from: FROM, to: TO, dryRun: true }, who);
    const drySeconds = (performance.now() - t0) / 1000;
    if (dry.eventsExamined !== N || dry.eventsChanged !== N) throw new Error(`dry run examined ${dry.eventsExamined}, changed ${dry.eventsChanged}`);
    t0 = performance.now();
    const applied = await service.run(TENANT, { from: FROM, to: TO, dryRun: false }, who);
    const applySeconds = (performance.now() - t0) / 1000;
    if (applied.compensations !== N) throw new Error(`apply sent ${applied.compensations} compensations`);

    const result = {
      events: N,
      dryRunSeconds: round(drySeconds, 1),
      dryRunEventsPerSec: Math.round(N / drySeconds),
      applySeconds: round(applySeconds, 1),
      applyEventsPerSec: Math.round(N / applySeconds),
      rawReadSeconds: round(rawSeconds, 1),
      ratioDryRunVsRawRead: round(rawSeconds / drySeconds),
      diffRows: dry.diff.length,
      totals: dry.totals,
      target: 'under 300 s for 1,000,000 events',
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await c.query('DELETE FROM ledger_entry WHERE tenant_id = $1', [TENANT]);
    await c.query('DELETE FROM ingested_event WHERE tenant_id = $1', [TENANT]);
    await c.end();
    await bus.close();
    await db.pool.end();
    await db.prisma.$disconnect();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
