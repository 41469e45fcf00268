import { resolve } from 'node:path';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { createLogger, createMetrics, type AppConfig } from '@questline/platform';
import { parsePack, type PackCatalog } from '@questline/rules';
import { loadRegistry } from '@questline/schema-registry';
import { infraEnv, uniqueId } from '@questline/testing';
import { FileEventArchive } from '../../infrastructure/file-event-archive';
import { RetentionJob } from './retention.job';

jest.setTimeout(60_000);

/**
 * Seed 004 §8.1's anonymisation in Postgres itself, page by page: more events than one page, of
 * two schemas, some recent; each old one loses its user id, its schema's `pii` fields and the
 * identity meta, keeps the rest; a second run finds nothing; recent events and the ledger keep theirs.
 */
describe('RetentionJob anonymisation (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 4 }));
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  it('anonymises every event past the period, however many pages, and only those', async () => {
    const tenant = uniqueId('anon');
    const registry = loadRegistry([resolve(__dirname, '../../../../../event-schemas')]);
    expect(registry.current('unofficial', 'whatsapp.message.sent')?.pii).toEqual(['/identity_id']);
    const pack = parsePack(`tenant: ${tenant}\nversion: 1\nname: T\nschemaNamespace: unofficial\ncurrencies: [{ id: xp }]\nrules: []\n`);
    const packs = { get: (t: string) => (t === tenant ? pack : undefined), tenants: () => [tenant] } as unknown as PackCatalog;
    const job = new RetentionJob(packs, registry, pool, new FileEventArchive('/tmp/questline-anon-test'), { record: async () => undefined }, createMetrics('test'), { RETENTION_INTERVAL_MS: 86_400_000 } as AppConfig, createLogger('test', 'silent'));
    // 12,001 old whatsapp messages (over two pages), 1 old member join, 3 recent messages; each with its ledger row.
    const seed = (n: number, type: string, daysAgo: number) =>
      pool.query(
        `WITH g AS (SELECT i, gen_random_uuid() AS id, now() - ($4 || ' days')::interval - (i || ' seconds')::interval AS at, 'u' || (i % 7) AS u FROM generate_series(1, $2::int) AS i),
         ev AS (
           INSERT INTO ingested_event (id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope, status)
           SELECT id, $1, $3 || $4 || ':' || i, $3, 1, u, at, at, jsonb_build_object('id', id, 'type', $3::text, 'userId', u, 'tenantId', $1::text,
                    'payload', jsonb_build_object('identity_id', u, 'community_id', 5), 'meta', jsonb_build_object('session_id', 'sess-' || u, 'community_id', 5)), 'processed'
             FROM g RETURNING id, user_id, occurred_at)
         INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
         SELECT $1, user_id, 'xp', 1, 'earn', id, 'r', 1, id::text, occurred_at FROM ev`,
        [tenant, n, type, daysAgo],
      );
    await seed(12_001, 'whatsapp.message.sent', 95);
    await seed(1, 'community.member.joined', 120);
    await seed(3, 'whatsapp.message.sent', 10);

    const report = await job.run({ tenantId: tenant, dryRun: false, actor: 'test' });
    expect(report.anonymised).toEqual([expect.objectContaining({ tenantId: tenant, days: 90, events: 12_002 })]);
    const { rows } = await pool.query<{ user_id: string; type: string; old: boolean; envelope: { userId: string; payload: Record<string, unknown>; meta: Record<string, unknown> } }>(
      `SELECT user_id, type, occurred_at < now() - interval '90 days' AS old, envelope FROM ingested_event WHERE tenant_id = $1`,
      [tenant],
    );
    const old = rows.filter((r) => r.old);
    expect(old).toHaveLength(12_002);
    expect(old.every((r) => r.user_id === '_anonymised' && r.envelope.userId === '_anonymised' && r.envelope.meta['anonymised'] === true && !('session_id' in r.envelope.meta) && r.envelope.meta['community_id'] === 5)).toBe(true);
    // whatsapp's pii pointer (/identity_id) goes; community.member.joined declares none, so its payload stays whole.
    expect(old.filter((r) => r.type === 'whatsapp.message.sent').every((r) => !('identity_id' in r.envelope.payload) && r.envelope.payload['community_id'] === 5)).toBe(true);
    expect(old.find((r) => r.type === 'community.member.joined')!.envelope.payload).toMatchObject({ community_id: 5 });
    expect(rows.filter((r) => !r.old).every((r) => r.user_id !== '_anonymised' && r.envelope.meta['session_id'])).toBe(true);
    // The ledger keeps each user's points.
    expect(Number((await pool.query(`SELECT count(*) AS n FROM ledger_entry WHERE tenant_id = $1 AND user_id <> '_anonymised'`, [tenant])).rows[0].n)).toBe(12_005);
    // Idempotent.
    expect((await job.run({ tenantId: tenant, dryRun: false, actor: 'test' })).anonymised[0]!.events).toBe(0);
  });
});
