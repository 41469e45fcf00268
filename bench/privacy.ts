/**
 * Issue 21's privacy figures against real Postgres from infra/up.sh (`npm run bench:privacy`;
 * BENCH_PRIVACY_EVENTS for the anonymisation size, BENCH_PRIVACY_HEAVY for the heavy user).
 *
 *  1. Anonymisation after a period (seed 004: 90 days): the retention job's anonymisation of N
 *     events (the user id, each schema's `pii` fields and the identity meta removed, a page at a
 *     time) vs ONE raw `UPDATE` doing the same to a copy of the same rows (the floor).
 *  2. Erasure of a heavy user (H events and H ledger rows): PgUserErasure.erase (one transaction:
 *     events, ledger with hashed keys, every other table) vs raw `UPDATE`s of the same events and
 *     ledger rows in a copy.
 *  3. Export of the heavy user: ExportUserUseCase (every table, one snapshot) serialised to JSON
 *     vs a raw `COPY (SELECT * FROM … ) TO STDOUT` of the same rows (their events and ledger entries).
 * Each figure is the median of RUNS runs on fresh copies; ratios are Questline ÷ raw (≥ 0.3 is the goal).
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createLogger, createMetrics, type AppConfig } from '@questline/platform';
import { applyMigrations } from '@questline/persistence';
import { ExportUserUseCase, FileEventArchive, PgUserErasure, RetentionJob } from '@questline/ingest/testing';
import { parsePack, type PackCatalog } from '@questline/rules';
import { loadRegistry } from '@questline/schema-registry';
import { median, round } from './lib/stats';

const ROOT = resolve(__dirname, '..');
const N = Number(process.env['BENCH_PRIVACY_EVENTS'] ?? 1_000_000);
const H = Number(process.env['BENCH_PRIVACY_HEAVY'] ?? 100_000);
const RUNS = Number(process.env['BENCH_PRIVACY_RUNS'] ?? 3);
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://questline:questline@127.0.0.1:5432/questline';
const STAMP = Date.now();
const TYPE = 'whatsapp.message.sent';
const noAudit = { record: async () => undefined };

/** N whatsapp events 120 days old and later by a second each (all past the 90-day period) of 10,000 users (or all of one user), each with its ledger row. */
async function seed(c: Client, tenant: string, n: number, user?: string): Promise<void> {
  const at = new Date(Date.now() - 120 * 86_400_000);
  for (let start = 0; start < n; start += 100_000) {
    await c.query(
      `WITH g AS (
         SELECT i, gen_random_uuid() AS id, $2::timestamptz + (i || ' seconds')::interval AS at, coalesce($5, 'u' || (i % 10000)) AS u FROM generate_series($3::bigint, $3::bigint + $4 - 1) AS i
       ), ev AS (
         INSERT INTO ingested_event (id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope, status)
         SELECT id, $1, 'k' || i, '${TYPE}', 1, u, at, at,
                jsonb_build_object('id', id, 'type', '${TYPE}', 'schemaVersion', 1, 'tenantId', $1::text, 'userId', u, 'occurredAt', at, 'receivedAt', at, 'source', 'bench',
                  'idempotencyKey', 'k' || i, 'payload', jsonb_build_object('identity_id', u, 'community_id', i % 50, 'timestamp_bucket', '2026-08-01'),
                  'meta', jsonb_build_object('session_id', 's-' || i, 'consents', jsonb_build_object('whatsapp_activity', true))),
                'processed'
           FROM g RETURNING id, user_id, occurred_at
       )
       INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
       SELECT $1, user_id, 'xp', 5, 'earn', id, 'msg', 1, id || ':msg:' || user_id || ':xp', occurred_at FROM ev`,
      [tenant, at, start, Math.min(100_000, n - start), user ?? null],
    );
  }
  await c.query('ANALYZE ingested_event');
  await c.query('ANALYZE ledger_entry');
}

async function drop(c: Client, tenant: string): Promise<void> {
  await c.query('DELETE FROM ledger_entry WHERE tenant_id = $1', [tenant]);
  await c.query('DELETE FROM ingested_event WHERE tenant_id = $1', [tenant]);
  await c.query('DELETE FROM user_tombstone WHERE tenant_id = $1', [tenant]);
  await c.query('DELETE FROM leaderboard_exclusion WHERE tenant_id = $1', [tenant]);
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  await applyMigrations(DATABASE_URL);
  const registry = loadRegistry([resolve(ROOT, 'event-schemas')]);
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  const c = new Client({ connectionString: DATABASE_URL });
  await c.connect();
  const packFor = (tenant: string) => parsePack(`tenant: ${tenant}\nversion: 1\nname: Bench\nschemaNamespace: unofficial\ncurrencies: [{ id: xp }]\nrules: []\n`);
  const rows: Record<string, unknown>[] = [];

  // 1. Anonymisation of N events: the retention job vs one raw UPDATE.
  const anon = { questline: [] as number[], raw: [] as number[] };
  for (let r = 0; r < (N > 0 ? RUNS : 0); r++) {
    const [q, raw] = [`bench-anon-q-${STAMP}-${r}`, `bench-anon-raw-${STAMP}-${r}`];
    await seed(c, q, N);
    await seed(c, raw, N);
    const packs = { get: (t: string) => (t === q ? packFor(q) : undefined), tenants: () => [q] } as unknown as PackCatalog;
    const job = new RetentionJob(packs, registry, pool, new FileEventArchive('/tmp/questline-bench-archive'), noAudit, createMetrics('bench'), { RETENTION_INTERVAL_MS: 86_400_000 } as AppConfig, createLogger('bench', 'silent'));
    anon.questline.push(await timed(async () => {
      const report = await job.run({ tenantId: q, dryRun: false, actor: 'bench' });
      if (report.anonymised[0]?.events !== N) throw new Error(`anonymised ${report.anonymised[0]?.events} of ${N}`);
    }));
    anon.raw.push(await timed(() =>
      c.query(
        `UPDATE ingested_event SET user_id = '_anonymised', updated_at = now(),
                envelope = jsonb_set(envelope #- '{payload,identity_id}', '{userId}', '"_anonymised"') || jsonb_build_object('meta', (envelope->'meta') - 'session_id' - 'anonymous_id' - 'consents' || '{"anonymised": true}')
          WHERE tenant_id = $1`,
        [raw],
      ),
    ));
    await drop(c, q);
    await drop(c, raw);
    console.log(`anonymise run ${r + 1}: questline ${round(anon.questline.at(-1)!, 2)} s, raw ${round(anon.raw.at(-1)!, 2)} s`);
  }
  if (N > 0) rows.push({ figure: `anonymise ${N} events (90 days)`, questline_s: round(median(anon.questline), 2), raw_update_s: round(median(anon.raw), 2), ratio: round(median(anon.raw) / median(anon.questline), 2) });

  // 2 and 3. One heavy user: erasure vs raw UPDATEs; export vs raw COPY.
  const erase = { questline: [] as number[], raw: [] as number[] };
  const exp = { questline: [] as number[], raw: [] as number[], bytes: 0 };
  const erasure = new PgUserErasure(pool);
  const exporter = new ExportUserUseCase(pool, noAudit);
  const pii = (type: string, version: number) => registry.document('unofficial', type, version)?.metadata.pii ?? [];
  for (let r = 0; r < RUNS; r++) {
    const [q, raw] = [`bench-erase-q-${STAMP}-${r}`, `bench-erase-raw-${STAMP}-${r}`];
    const user = `heavy-${r}`;
    await seed(c, q, H, user);
    await seed(c, raw, H, user);
    exp.questline.push(await timed(async () => {
      // The document as the HTTP response sends it (JSON text).
      const { counts, document } = await exporter.execute({ tenantId: q, userId: user, actor: 'bench' });
      exp.bytes = document.text.length;
      if (counts['ingested_event'] !== H) throw new Error(`exported ${counts['ingested_event']} of ${H}`);
    }));
    exp.raw.push(await timed(async () => {
      // The same rows the export holds for this user: their events and their ledger entries.
      for (const table of ['ingested_event', 'ledger_entry']) {
        const stream = c.query(copyTo(`COPY (SELECT * FROM ${table} WHERE tenant_id = '${raw}' AND user_id = '${user}') TO STDOUT`));
        let bytes = 0;
        for await (const chunk of stream) bytes += (chunk as Buffer).length;
        if (bytes === 0) throw new Error(`COPY of ${table} returned nothing`);
      }
    }));
    erase.questline.push(await timed(async () => {
      await erasure.bury(q, user, { receiptId: '00000000-0000-4000-8000-000000000000', pseudonym: `deleted:${r}`, actor: 'bench' });
      const done = await erasure.erase(q, user, `deleted:${r}`, pii);
      if (done.tables['ledger_entry']?.anonymised !== H) throw new Error(`erased ${done.tables['ledger_entry']?.anonymised} ledger rows of ${H}`);
    }));
    erase.raw.push(await timed(async () => {
      await c.query('BEGIN');
      await c.query(`UPDATE ingested_event SET user_id = 'P', envelope = jsonb_set(envelope #- '{payload,identity_id}', '{userId}', '"P"'), idempotency_key = 'erased:' || encode(sha256(convert_to(idempotency_key, 'UTF8')), 'hex') WHERE tenant_id = $1 AND user_id = $2`, [raw, user]);
      await c.query(`UPDATE ledger_entry SET user_id = 'P', idempotency_key = 'erased:' || encode(sha256(convert_to(idempotency_key, 'UTF8')), 'hex') WHERE tenant_id = $1 AND user_id = $2`, [raw, user]);
      await c.query('COMMIT');
    }));
    await drop(c, q);
    await drop(c, raw);
    console.log(`heavy user run ${r + 1}: export ${round(exp.questline.at(-1)!, 2)} s vs COPY ${round(exp.raw.at(-1)!, 2)} s; erase ${round(erase.questline.at(-1)!, 2)} s vs raw ${round(erase.raw.at(-1)!, 2)} s`);
  }
  rows.push({ figure: `export one user with ${H} events`, questline_s: round(median(exp.questline), 2), raw_copy_s: round(median(exp.raw), 2), ratio: round(median(exp.raw) / median(exp.questline), 2), json_mb: round(exp.bytes / 1e6, 1) });
  rows.push({ figure: `erase one user with ${H} events + ${H} ledger rows`, questline_s: round(median(erase.questline), 2), raw_update_s: round(median(erase.raw), 2), ratio: round(median(erase.raw) / median(erase.questline), 2) });
  console.table(rows);
  console.log(JSON.stringify({ bench: 'privacy', at: new Date().toISOString(), runs: RUNS, rows }, null, 2));
  await c.end();
  await pool.end();
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
