import { v4 as uuidv4 } from 'uuid';
import type { CanonicalEnvelope } from '@questline/contracts';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { LIMIT_HORIZON_MS, decide, limitedRecipients, parsePack } from '@questline/rules';
import { infraEnv, uniqueId } from '@questline/testing';
import type { DecideRequest } from '../domain/decision.store';
import { PgDecisionStore } from './pg-decision.store';

jest.setTimeout(60_000);

const pack = parsePack(`
tenant: demo
version: 4
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules:
  - id: like
    on: social.content.liked
    award: { currency: xp, amount: 2, to: payload.content_author_id }
    limits: { perDay: 3 }
`);

describe('PgDecisionStore (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let store: PgDecisionStore;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 8 }));
    store = new PgDecisionStore(pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  const like = (tenantId: string, author: string): CanonicalEnvelope =>
    ({ id: uuidv4(), type: 'social.content.liked', schemaVersion: 1, tenantId, userId: uniqueId('fan'), occurredAt: '2026-11-23T10:00:00.000Z', receivedAt: '2026-11-23T10:00:00.000Z', source: 't', idempotencyKey: uniqueId('k'), payload: { content_author_id: author }, meta: {} }) as CanonicalEnvelope;
  const request = (tenantId: string, events: CanonicalEnvelope[]): DecideRequest => ({
    tenantId,
    events,
    limited: events.flatMap((e) => limitedRecipients(pack, e)),
    fromMs: Date.parse('2026-11-23T00:00:00Z') - LIMIT_HORIZON_MS,
    toMs: Date.parse('2026-11-23T00:00:00Z') + LIMIT_HORIZON_MS,
    decide: (fresh, history) => new Map(fresh.map((e) => { const d = decide(pack, e, history); return [e.id, { packVersion: pack.version, ...d }]; })),
  });

  it('a daily cap holds across concurrent batches (8 partitions liking the same author at once: 3 awards)', async () => {
    const tenant = uniqueId('cap');
    const batches = Array.from({ length: 8 }, () => [like(tenant, 'star')]);
    const results = await Promise.all(batches.map((b) => store.decideOnce(request(tenant, b))));
    const awarded = results.flatMap((r) => [...r.values()]).filter((d) => d.awards.length > 0);
    expect(awarded).toHaveLength(3);
    const skipped = results.flatMap((r) => [...r.values()]).flatMap((d) => d.skipped.map((s) => s.reason));
    expect(skipped).toEqual(Array(5).fill('cap of 3 per day reached'));
  });

  it('a redelivered event gets its stored decision, even after the history changed', async () => {
    const tenant = uniqueId('redo');
    const first = like(tenant, 'star');
    const d1 = await store.decideOnce(request(tenant, [first]));
    await store.decideOnce(request(tenant, [like(tenant, 'star'), like(tenant, 'star'), like(tenant, 'star')]));
    const again = await store.decideOnce(request(tenant, [first]));
    expect(again.get(first.id)).toEqual(d1.get(first.id));
    expect(again.get(first.id)!.awards).toHaveLength(1);
  });
});
