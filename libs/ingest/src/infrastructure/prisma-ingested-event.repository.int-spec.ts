import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import type { CanonicalEnvelope } from '@questline/contracts';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { infraEnv, uniqueId } from '@questline/testing';
import { ListEventsUseCase } from '../usecases/list-events/list-events.usecase';
import { PrismaIngestedEventRepository } from './prisma-ingested-event.repository';

jest.setTimeout(60_000);

const NS = '2f6a3b9e-8d1c-4a57-9b3e-0c1d2e3f4a5b';

describe('PrismaIngestedEventRepository (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let repo: PrismaIngestedEventRepository;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 4 }));
    repo = new PrismaIngestedEventRepository(db, pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  const envelope = (tenantId: string, key: string): CanonicalEnvelope =>
    ({
      id: uuidv5(`${tenantId}\n${key}`, NS),
      type: 'knowledge.answer.accepted',
      schemaVersion: 1,
      tenantId,
      userId: 'bob',
      occurredAt: '2026-11-23T10:00:00.000Z',
      receivedAt: '2026-11-23T10:00:01.234Z',
      source: 'test',
      idempotencyKey: key,
      payload: { answer_author_id: 'alice' },
      meta: {},
    }) as CanonicalEnvelope;

  it('inserts a group once per idempotency key: duplicates within the group and across calls come back as not created', async () => {
    const tenant = uniqueId('ing');
    const a = envelope(tenant, 'a');
    const b = envelope(tenant, 'b');
    const first = await repo.insertMany([a, b, a]);
    expect(first.map((r) => r.created)).toEqual([true, true, false]);
    const again = await repo.insertMany([b]);
    expect(again[0]).toMatchObject({ created: false, stored: { status: 'queued', envelope: { id: b.id } } });
  });

  it('numbers each batch in the order it was sent (arrival), whatever the ids and keys; a duplicate within the batch keeps the first', async () => {
    const tenant = uniqueId('arr');
    const keys = ['zeta', 'alpha', 'mu', 'alpha', 'beta'];
    const sent = keys.map((k, i) => ({ ...envelope(tenant, k), payload: { answer_author_id: 'alice', n: i } }) as CanonicalEnvelope);
    const result = await repo.insertMany(sent);
    expect(result.map((r) => r.created)).toEqual([true, true, true, false, true]);
    const later = await repo.insertMany([envelope(tenant, 'aaa')]);
    expect(later[0]!.created).toBe(true);
    const { rows } = await pool.query<{ key: string; n: number }>(
      "SELECT idempotency_key AS key, (envelope->'payload'->>'n')::int AS n FROM ingested_event WHERE tenant_id = $1 ORDER BY arrival",
      [tenant],
    );
    expect(rows.map((r) => r.key)).toEqual(['zeta', 'alpha', 'mu', 'beta', 'aaa']);
    expect(rows.find((r) => r.key === 'alpha')!.n).toBe(1); // the first of the two 'alpha's
  });

  it('status: failures show until the event is processed, and never overwrite processed; unlocks are recorded once', async () => {
    const tenant = uniqueId('st');
    const e = envelope(tenant, 'k');
    await repo.insertMany([e]);
    const at = new Date().toISOString();
    const fail = (status: 'failed_retrying' | 'dead_lettered', attempts: number) => ({ tenantId: tenant, eventId: e.id, status, stage: 'questline.points', at, error: { class: 'DATABASE' as const, message: 'connection lost', attempts } });
    expect(await repo.applyStatus([fail('failed_retrying', 2)])).toEqual([]); // not settled
    expect(await repo.findById(tenant, e.id)).toMatchObject({ status: 'failed_retrying', error: { class: 'DATABASE', attempts: 2, stage: 'questline.points' } });
    // Settled once, with the time it was accepted to the millisecond (the processing-time metric).
    const { rows: accepted } = await pool.query<{ ms: string }>('SELECT (extract(epoch FROM received_at) * 1000)::bigint::text AS ms FROM ingested_event WHERE tenant_id = $1', [tenant]);
    expect(await repo.applyStatus([fail('dead_lettered', 4)])).toEqual([{ tenantId: tenant, receivedAtMs: Number(accepted[0]!.ms), envelope: null, status: 'dead_lettered' }]);
    expect(Date.parse(e.receivedAt)).toBe(Number(accepted[0]!.ms));
    expect((await repo.findById(tenant, e.id))!.status).toBe('dead_lettered');

    const awards = [{ userId: 'alice', currency: 'xp', amount: 50, ruleId: 'answer-accepted', ruleVersion: 1 }];
    const processed = await repo.applyStatus([{ tenantId: tenant, eventId: e.id, status: 'processed', stage: 'points', at, awards }]);
    expect(processed).toEqual([{ tenantId: tenant, receivedAtMs: Number(accepted[0]!.ms), envelope: null, status: 'processed' }]);
    await repo.applyStatus([fail('failed_retrying', 1)]); // a later stage failing does not undo processed
    const stored = await repo.findById(tenant, e.id);
    expect(stored).toMatchObject({ status: 'processed', outcomes: { awards } });
    expect(stored!.outcomes).not.toHaveProperty('skipped');

    const unlock = { tenantId: tenant, eventId: e.id, achievementId: 'first-xp', userId: 'alice', name: 'First XP' };
    await repo.addUnlocks([unlock, unlock]);
    await repo.addUnlocks([unlock]);
    expect((await repo.findById(tenant, e.id))!.outcomes!.unlocks).toEqual([{ achievementId: 'first-xp', userId: 'alice', name: 'First XP' }]);
    // The reasons a matching rule paid nothing are kept beside the awards (a redelivered status
    // brings them); the unlocks recorded before stay.
    const skipped = [{ ruleId: 'daily-login', reason: 'already paid once per subject this day' }];
    await repo.applyStatus([{ tenantId: tenant, eventId: e.id, status: 'processed', stage: 'points', at, awards, skipped }]);
    expect((await repo.findById(tenant, e.id))!.outcomes).toEqual({ awards, skipped, unlocks: [{ achievementId: 'first-xp', userId: 'alice', name: 'First XP' }] });
    // A re-scoring's corrections are added beside what live scoring paid, once per ledger key
    // (a redelivery, or the same key twice in one batch, adds nothing); the status stays.
    const correction = { key: 'rescore:k1', userId: 'alice', currency: 'xp', amount: -10, ruleId: 'rescore', packVersion: 2, runId: 'r1', at };
    const corrected = { tenantId: tenant, eventId: e.id, status: 'processed' as const, stage: 'rescore', at, corrections: [correction] };
    await repo.applyStatus([corrected, { ...corrected, at: new Date().toISOString() }]);
    await repo.applyStatus([corrected, { ...corrected, corrections: [{ ...correction, key: 'rescore:k2', amount: 4 }] }]);
    const withCorrections = (await repo.findById(tenant, e.id))!;
    expect(withCorrections.status).toBe('processed');
    expect(withCorrections.outcomes).toMatchObject({ awards, skipped });
    expect((withCorrections.outcomes!.corrections as { key: string; amount: number }[]).map((c) => [c.key, c.amount])).toEqual([['rescore:k1', -10], ['rescore:k2', 4]]);
    // Another tenant cannot see it.
    expect(await repo.findById(uniqueId('other'), e.id)).toBeNull();
    // Several events processed in one report batch each keep their own awards.
    const many = Array.from({ length: 5 }, (_, i) => envelope(tenant, `m${i}`));
    await repo.insertMany(many);
    const paid = (i: number) => [{ userId: `u${i}`, currency: 'xp', amount: i * 10, ruleId: `r"${i}`, ruleVersion: 1 }];
    await repo.applyStatus(many.map((m, i) => ({ tenantId: tenant, eventId: m.id, status: 'processed' as const, stage: 'points', at, awards: paid(i) })));
    for (const [i, m] of many.entries()) expect((await repo.findById(tenant, m.id))!.outcomes).toEqual({ awards: paid(i) });
  });

  it("property: a user's events, paged at any size, are exactly the reference's filter, newest event time first (ties by id), each once", async () => {
    const tenant = uniqueId('list');
    const users = ['ann', 'ben'];
    const types = ['lesson.completed', 'review.done'];
    // Few distinct times, so many events share one: ties must page by id without loss or repeat.
    const gen = fc.array(fc.record({ user: fc.constantFrom(...users), type: fc.constantFrom(...types), minute: fc.integer({ min: 0, max: 5 }), processed: fc.boolean() }), { minLength: 1, maxLength: 60 });
    const [events] = fc.sample(gen, { numRuns: 1, seed: 23 });
    const stored = events!.map((e, i) => ({ ...envelope(tenant, `k${i}`), userId: e.user, type: e.type, occurredAt: new Date(Date.UTC(2026, 10, 23, 10, e.minute)).toISOString() }) as CanonicalEnvelope);
    // Inserted in random batches, as ingest would.
    for (let i = 0; i < stored.length; i += 7) await repo.insertMany(stored.slice(i, i + 7));
    const at = new Date().toISOString();
    await repo.applyStatus(stored.filter((_, i) => events![i]!.processed).map((e) => ({ tenantId: tenant, eventId: e.id, status: 'processed' as const, stage: 'points', at, awards: [] })));
    const list = new ListEventsUseCase(repo);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ user: fc.constantFrom(...users), type: fc.option(fc.constantFrom(...types), { nil: undefined }), status: fc.option(fc.constantFrom('queued' as const, 'processed' as const), { nil: undefined }), from: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }), limit: fc.integer({ min: 1, max: 9 }) }),
        async (q) => {
          const fromAt = q.from === undefined ? undefined : new Date(Date.UTC(2026, 10, 23, 10, q.from)).toISOString();
          const expected = stored
            .filter((e, i) => e.userId === q.user && (!q.type || e.type === q.type) && (!q.status || (q.status === 'processed') === events![i]!.processed) && (!fromAt || e.occurredAt >= fromAt))
            .sort((a, b) => (a.occurredAt === b.occurredAt ? (a.id < b.id ? 1 : -1) : a.occurredAt < b.occurredAt ? 1 : -1))
            .map((e) => e.id);
          const seen: string[] = [];
          for (let cursor: string | undefined, pages = 0; pages < 100; pages++) {
            const page = await list.execute({ tenantId: tenant, userId: q.user, type: q.type, status: q.status, from: fromAt, limit: q.limit, cursor });
            expect(page.events.length).toBeLessThanOrEqual(q.limit);
            seen.push(...page.events.map((e) => e.id));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
    // One key finds its event (and only in its tenant); no filter at all is refused, as is a forged cursor.
    const one = await list.execute({ tenantId: tenant, idempotencyKey: 'k0', limit: 50 });
    expect(one.events.map((e) => [e.id, e.status, e.event.idempotencyKey])).toEqual([[stored[0]!.id, events![0]!.processed ? 'processed' : 'queued', 'k0']]);
    expect((await list.execute({ tenantId: uniqueId('other'), idempotencyKey: 'k0', limit: 50 })).events).toEqual([]);
    await expect(list.execute({ tenantId: tenant, limit: 50 })).rejects.toMatchObject({ code: 'events_filter_required' });
    // The platform's placeholders are not users: `_unlinked` would list everyone's unconsented events.
    await expect(list.execute({ tenantId: tenant, userId: '_unlinked', limit: 50 })).rejects.toMatchObject({ code: 'invalid_user_id' });
    await expect(list.execute({ tenantId: tenant, userId: 'deleted:0b1c', limit: 50 })).rejects.toMatchObject({ code: 'invalid_user_id' });
    // Hostile values are 422s, never a database error: a NUL, a year Postgres cannot hold.
    await expect(list.execute({ tenantId: tenant, idempotencyKey: 'k\u0000', limit: 50 })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(list.execute({ tenantId: tenant, userId: 'ann', from: '+275760-09-13T00:00:00Z', limit: 50 })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(list.execute({ tenantId: tenant, userId: 'ann', limit: 50, cursor: Buffer.from("2026-11-23T10:00:00Z|x' OR 1=1").toString('base64url') })).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('reaching processed is an update in place: no indexed column moves, so Postgres writes no index entry (HOT)', async () => {
    const tenant = uniqueId('hot');
    const events = Array.from({ length: 40 }, (_, i) => envelope(tenant, `h${i}`));
    await repo.insertMany(events);
    const before = await pool.query<{ id: string; updated_at: Date }>('SELECT id::text, updated_at FROM ingested_event WHERE tenant_id = $1 ORDER BY id', [tenant]);
    const client = await pool.connect();
    try {
      // Inside one transaction nothing is flushed: the backend's pending counters
      // (pg_stat_xact_user_tables, which also hold its earlier unflushed statements) differ by this update alone.
      const counters = async () => {
        const { rows } = await client.query<{ upd: string; hot: string }>("SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_xact_user_tables WHERE relname = 'ingested_event'");
        return { upd: Number(rows[0]!.upd), hot: Number(rows[0]!.hot) };
      };
      await client.query('BEGIN');
      const inTx = new PrismaIngestedEventRepository(db, client as unknown as SqlPool);
      const s0 = await counters();
      const at = new Date().toISOString();
      await inTx.applyStatus(events.map((e) => ({ tenantId: tenant, eventId: e.id, status: 'processed' as const, stage: 'points', at, awards: [] })));
      const s1 = await counters();
      await client.query('COMMIT');
      expect(s1.upd - s0.upd).toBe(40);
      // New pages keep 30% free (fillfactor 70): rows whose page has room are updated in place. How
      // many depends on row size and which pages the INSERT used; moving an indexed column makes it 0.
      expect(s1.hot - s0.hot).toBeGreaterThan(0);
    } finally {
      client.release();
    }
    const after = await pool.query<{ id: string; updated_at: Date; status: string }>('SELECT id::text, updated_at, status FROM ingested_event WHERE tenant_id = $1 ORDER BY id', [tenant]);
    expect(after.rows.map((r) => r.status)).toEqual(events.map(() => 'processed'));
    expect(after.rows.map((r) => r.updated_at.getTime())).toEqual(before.rows.map((r) => r.updated_at.getTime()));
    const { rows: options } = await pool.query<{ reloptions: string[] }>("SELECT reloptions FROM pg_class WHERE relname = 'ingested_event'");
    expect(options[0]!.reloptions).toContain('fillfactor=70');
  });
});
