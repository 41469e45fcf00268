import { v4 as uuidv4 } from 'uuid';
import type { CanonicalEnvelope } from '@questline/contracts';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { LIMIT_HORIZON_MS, decideBatch, limitedRecipients, parsePack, progressKeys } from '@questline/rules';
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
counters:
  - id: likes-received
    name: Likes received
    to: payload.content_author_id
    steps: [{ on: social.content.liked, by: 1 }]
    milestones: [{ at: 10, reward: { currency: xp, amount: 100 } }]
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
    progress: events.flatMap((e) => progressKeys(pack, e)),
    decide: (fresh, history, store) => decideBatch(pack, fresh, history, store),
  });

  it('a daily cap holds across concurrent batches (8 partitions liking the same author at once: 3 awards)', async () => {
    const tenant = uniqueId('cap');
    const batches = Array.from({ length: 8 }, () => [like(tenant, 'star')]);
    const results = await Promise.all(batches.map((b) => store.decideOnce(request(tenant, b))));
    const awarded = results.flatMap((r) => [...r.values()]).filter((d) => d.awards.some((a) => a.ruleId === 'like'));
    expect(awarded).toHaveLength(3);
    const skipped = results.flatMap((r) => [...r.values()]).flatMap((d) => d.skipped.map((s) => s.reason));
    expect(skipped).toEqual(Array(5).fill('cap of 3 per day reached'));
  });

  it('the same author many times in one batch after an earlier award: each award counted once (3 a day, not 1 × batch size)', async () => {
    const tenant = uniqueId('hot');
    await store.decideOnce(request(tenant, [like(tenant, 'star')]));
    const batch = Array.from({ length: 4 }, () => like(tenant, 'star'));
    const result = await store.decideOnce(request(tenant, [...batch, batch[0]!]));
    expect(batch.map((e) => result.get(e.id)!.awards.filter((a) => a.ruleId === 'like').length)).toEqual([1, 1, 0, 0]);
    // Each event's decision is stored as its own.
    const { rows } = await pool.query<{ event_id: string; awards: unknown; skipped: unknown; outcomes: unknown }>('SELECT event_id::text, awards, skipped, outcomes FROM rule_decision WHERE tenant_id = $1', [tenant]);
    expect(rows).toHaveLength(5);
    for (const e of batch) expect(rows.find((r) => r.event_id === e.id)).toMatchObject({ awards: result.get(e.id)!.awards, skipped: result.get(e.id)!.skipped, outcomes: result.get(e.id)!.outcomes });
    expect(new Set(rows.map((r) => JSON.stringify(r.skipped))).size).toBeGreaterThan(1);
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

  it('progress moves once per event under concurrency and redelivery (8 batches at once, each delivered twice)', async () => {
    const tenant = uniqueId('prog');
    const batches = Array.from({ length: 8 }, () => Array.from({ length: 3 }, () => like(tenant, 'star')));
    const results = await Promise.all([...batches, ...batches].map((b) => store.decideOnce(request(tenant, b))));
    const milestones = new Set(results.flatMap((r) => [...r.values()]).flatMap((d) => d.outcomes).filter((o) => o.type === 'counter.milestone').map((o) => o.dedupKey));
    expect(milestones.size).toBe(1);
    const { rows } = await pool.query("SELECT state FROM progress_state WHERE tenant_id = $1 AND user_id = 'star' AND key = 'counter/likes-received'", [tenant]);
    expect(rows[0].state).toEqual({ value: 24, reached: [10] });
    const bonus = new Set(results.flatMap((r) => [...r.values()]).flatMap((d) => d.awards).filter((a) => a.ruleId === 'counter:likes-received').map((a) => a.idempotencyKey));
    expect(bonus.size).toBe(1);
  });

  it('a rule on the level sees an existing user at the level the ledger gives (the earned entry is seeded), then counts on from its own decisions', async () => {
    const leveled = parsePack(`
tenant: demo
version: 5
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }, { id: gems }]
levels: { currency: xp, thresholds: [0, 100, 200] }
rules:
  - { id: like, on: social.content.liked, award: { currency: xp, amount: 60, to: payload.content_author_id } }
  - { id: pro, on: social.content.liked, if: { ">=": [{ var: user.level }, 3] }, award: { currency: gems, amount: 1, to: payload.content_author_id } }
  - { id: badge, on: social.content.liked, if: { in: [old-hand, { var: user.badges }] }, award: { currency: gems, amount: 10, to: payload.content_author_id } }
metrics:
  - { id: likes, name: Likes, kind: count, on: social.content.liked, to: payload.content_author_id }
achievements:
  - { id: old-hand, name: Old hand, when: { metric: likes, atLeast: 500 } }
`);
    const tenant = uniqueId('lvl');
    // Before this pack: 150 xp earned (level 2) and the metric badge unlocked.
    await pool.query("INSERT INTO balance (tenant_id, user_id, currency, lifetime, spendable, net) VALUES ($1, 'vet', 'xp', 150, 150, 150)", [tenant]);
    await pool.query("INSERT INTO achievement_unlock (tenant_id, user_id, achievement_id, source_event_id, rule_version) VALUES ($1, 'vet', 'old-hand', $2, 4)", [tenant, uuidv4()]);
    const req = (events: CanonicalEnvelope[]): DecideRequest => ({
      ...request(tenant, events),
      limited: [],
      progress: events.flatMap((e) => progressKeys(leveled, e)),
      decide: (fresh, history, s) => decideBatch(leveled, fresh, history, s),
    });
    const [a, b] = [like(tenant, 'vet'), like(tenant, 'vet')];
    const first = await store.decideOnce(req([a]));
    expect(first.get(a.id)!.awards.map((x) => `${x.ruleId}:${x.amount}`)).toEqual(['like:60', 'badge:10']); // level 2: no pro yet
    const second = await store.decideOnce(req([b]));
    expect(second.get(b.id)!.awards.map((x) => `${x.ruleId}:${x.amount}`)).toEqual(['like:60', 'pro:1', 'badge:10']); // 150 + 60 = 210: level 3
    const { rows } = await pool.query("SELECT state FROM progress_state WHERE tenant_id = $1 AND user_id = 'vet' AND key = 'earned'", [tenant]);
    expect(rows[0].state).toEqual({ lifetime: { xp: 270 }, net: { xp: 270 }, badges: ['old-hand'] });
  });
});
