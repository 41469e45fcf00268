import fc from 'fast-check';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { infraEnv, uniqueId } from '@questline/testing';
import { PrismaNotificationRepository } from './prisma-notification.repository';

jest.setTimeout(60_000);

describe('PrismaNotificationRepository (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let repo: PrismaNotificationRepository;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 4 }));
    repo = new PrismaNotificationRepository(db, pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  it("keeps one notification per dedup key, marks read only the user's own, and retention deletes only what is older than the horizon", async () => {
    const tenantId = uniqueId('n');
    const note = (userId: string, i: number) => ({ tenantId, userId, kind: 'points.awarded' as const, title: `+${i}`, data: { i }, dedupKey: `${userId}:${i}` });
    const first = await repo.add([...[0, 1, 2, 3].map((i) => note('ann', i)), note('ben', 0)]);
    expect(first.filter((n) => n.inserted)).toHaveLength(5);
    expect(first.filter((n) => n.userId === 'ann').map((n) => n.seq)).toEqual([1, 2, 3, 4]);
    const again = await repo.add([note('ann', 0), note('ann', 1)]); // redelivered outcomes: returned, not stored again
    expect(again.map((n) => [n.seq, n.inserted])).toEqual([[1, false], [2, false]]);
    const anns = await repo.list(tenantId, 'ann', { limit: 10 });
    expect(anns.map((n) => n.title)).toEqual(['+3', '+2', '+1', '+0']);
    expect(anns.map((n) => n.data)).toEqual([{ i: 3 }, { i: 2 }, { i: 1 }, { i: 0 }]);
    // Ben's id in Ann's request changes nothing.
    const bens = await repo.list(tenantId, 'ben', { limit: 10 });
    expect(await repo.markRead(tenantId, 'ann', [BigInt(bens[0]!.id), BigInt(anns[0]!.id)])).toBe(1);
    expect(await repo.unreadCount(tenantId, 'ben')).toBe(1);
    expect(await repo.unreadCount(tenantId, 'ann')).toBe(3);
    expect((await repo.list(tenantId, 'ann', { limit: 10, unreadOnly: true })).map((n) => n.title)).toEqual(['+2', '+1', '+0']);
    expect((await repo.list(tenantId, 'ann', { limit: 10, beforeId: BigInt(anns[1]!.id) })).map((n) => n.title)).toEqual(['+1', '+0']);

    // Two of Ann's are 40 days old: a 30-day horizon deletes exactly those (slice by slice).
    await pool.query(`UPDATE notification SET created_at = now() - interval '40 days' WHERE tenant_id = $1 AND user_id = 'ann' AND title IN ('+0', '+1')`, [tenantId]);
    const horizon = new Date(Date.now() - 30 * 86_400_000);
    let purged = 0;
    for (let n = 1; n > 0; purged += n) n = await repo.purge(horizon, 1);
    expect(purged).toBeGreaterThanOrEqual(2); // other tests' old rows may go too; this tenant's are checked below
    expect((await repo.list(tenantId, 'ann', { limit: 10 })).map((n) => n.title)).toEqual(['+3', '+2']);
    expect(await repo.list(tenantId, 'ben', { limit: 10 })).toHaveLength(1);
  });

  it("numbers one user's notifications 1, 2, 3… without a gap or a repeat under concurrent batches, and since() reads them back in order", async () => {
    const tenantId = uniqueId('n');
    const note = (userId: string, i: number) => ({ tenantId, userId, kind: 'points.awarded' as const, title: `+${i}`, data: { i }, dedupKey: `${userId}:${i}` });
    // 20 batches at once, each for two users (in both orders: the counters lock in one order, no deadlock), some overlapping.
    const batches = Array.from({ length: 20 }, (_, b) => (b % 2 ? ['ann', 'ben'] : ['ben', 'ann']).flatMap((u) => [note(u, b), note(u, b + 1)]));
    await Promise.all(batches.map((batch) => repo.add(batch)));
    for (const user of ['ann', 'ben']) {
      const rows = await repo.since(tenantId, user, 0, 1000);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.title)).size).toBe(21);
      expect(await repo.lastSeq(tenantId, user)).toBeGreaterThanOrEqual(21);
      expect((await repo.since(tenantId, user, 19, 1000)).map((r) => r.seq)).toEqual([20, 21]);
    }
  });

  it('batches: later notifications of a group join the unread one within its window, once each, with a new number each time; a read group closes', async () => {
    const tenantId = uniqueId('n');
    const group = { key: 'points.awarded:liked:xp', windowMs: 60_000 };
    const note = (i: number, amount = 10) => ({
      tenantId,
      userId: 'ann',
      kind: 'points.awarded' as const,
      title: `+${amount} xp`,
      data: { amount, currency: 'xp', eventId: `e${i}`, lifetime: 10 * i, spendable: 10 * i },
      dedupKey: `like:${i}`,
      group,
      retitle: (count: number, total: number) => `+${total} xp from ${count} likes`,
    });
    await repo.add([note(1)]);
    await repo.add([note(2), note(3)]);
    await repo.add([note(3), note(2)]); // redelivered: joins nothing twice
    const feed = await repo.list(tenantId, 'ann', { limit: 10 });
    expect(feed).toHaveLength(1);
    // The balances are the latest member's; the amount and event the first's (events lists them all).
    expect(feed[0]).toMatchObject({ title: '+30 xp from 3 likes', data: { count: 3, total: 30, events: ['e1', 'e2', 'e3'], lifetime: 30, spendable: 30, amount: 10, eventId: 'e1' } });
    // Numbers: 1 (first), 2 (grew to 3 in one batch): the stream sends the group again under its new number.
    expect(feed[0]!.seq).toBe(2);
    expect((await repo.since(tenantId, 'ann', 1, 10)).map((n) => [n.id, n.seq])).toEqual([[feed[0]!.id, 2]]);
    await repo.markRead(tenantId, 'ann', 'all');
    await repo.add([note(4)]);
    const after = await repo.list(tenantId, 'ann', { limit: 10 });
    expect(after.map((n) => n.title)).toEqual(['+10 xp', '+30 xp from 3 likes']);
    // A notification kept out of the app (in-app off) is recorded without a number and never listed.
    await repo.add([{ ...note(5), dedupKey: 'hidden:5', group: undefined, inApp: false }]);
    expect(await repo.list(tenantId, 'ann', { limit: 10 })).toHaveLength(2);
    expect(await repo.unreadCount(tenantId, 'ann')).toBe(1);
  });

  it("two users' groups growing in one batch each keep their own members and title", async () => {
    const tenantId = uniqueId('n');
    const group = { key: 'points.awarded:liked:xp', windowMs: 60_000 };
    const note = (userId: string, i: number) => ({
      tenantId,
      userId,
      kind: 'points.awarded' as const,
      title: `+${i} xp`,
      data: { amount: i, currency: 'xp', eventId: `${userId}-e${i}` },
      dedupKey: `${userId}:like:${i}`,
      group,
      retitle: (count: number, total: number) => `${userId}: +${total} xp from ${count} likes`,
    });
    await repo.add([note('ann', 1), note('ben', 10)]);
    await repo.add([note('ann', 2), note('ben', 20)]);
    const [ann] = await repo.list(tenantId, 'ann', { limit: 10 });
    const [ben] = await repo.list(tenantId, 'ben', { limit: 10 });
    expect(ann).toMatchObject({ title: 'ann: +3 xp from 2 likes', data: { count: 2, total: 3, events: ['ann-e1', 'ann-e2'] } });
    expect(ben).toMatchObject({ title: 'ben: +30 xp from 2 likes', data: { count: 2, total: 30, events: ['ben-e10', 'ben-e20'] } });
  });

  it('matches a plain model under random batches with redeliveries, overlaps, in-app-off users and concurrency: each dedup key stored once, numbers 1…n per user, one webhook each', async () => {
    const users = ['u0', 'u1', 'u2', 'u3'];
    await fc.assert(
      fc.asyncProperty(
        // Rounds of concurrent batches; each batch is a list of (user, key number), duplicates and repeats of earlier rounds included.
        fc.array(fc.array(fc.array(fc.tuple(fc.constantFrom(...users), fc.integer({ min: 0, max: 11 })), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        fc.subarray(users),
        async (rounds, hidden) => {
          const tenantId = uniqueId('nprop');
          await pool.query(`INSERT INTO webhook_endpoint (id, tenant_id, url, kinds, secrets) VALUES ($1, $2, 'https://example.test/hook', ARRAY['*'], '[]'::jsonb)`, [uniqueId('we'), tenantId]);
          const note = (userId: string, i: number) => ({ tenantId, userId, kind: 'points.awarded' as const, title: `+${i}`, data: { i }, dedupKey: `${userId}:${i}`, inApp: !hidden.includes(userId) });
          const model = new Map<string, Set<string>>(users.map((u) => [u, new Set()]));
          for (const round of rounds) {
            const results = await Promise.all(round.map((batch) => repo.add(batch.map(([u, i]) => note(u, i)))));
            for (const batch of round) for (const [u, i] of batch) model.get(u)!.add(`${u}:${i}`);
            // Every call returns each of its keys' notification once (new or stored before).
            results.forEach((result, b) => expect(new Set(result.map((n) => n.id)).size).toBe(new Set(round[b]!.map(([u, i]) => `${u}:${i}`)).size));
          }
          const { rows } = await pool.query<{ user_id: string; dedup_key: string; seq: string | null; in_app: boolean }>(`SELECT user_id, dedup_key, seq, in_app FROM notification WHERE tenant_id = $1`, [tenantId]);
          for (const u of users) {
            const mine = rows.filter((r) => r.user_id === u);
            expect(mine.map((r) => r.dedup_key).sort()).toEqual([...model.get(u)!].sort());
            const expected = hidden.includes(u) ? [] : Array.from({ length: model.get(u)!.size }, (_, i) => i + 1);
            expect(mine.flatMap((r) => (r.seq === null ? [] : [Number(r.seq)])).sort((a, b) => a - b)).toEqual(expected);
            expect(await repo.lastSeq(tenantId, u)).toBe(expected.length);
          }
          const deliveries = await pool.query<{ n: string; distinct_ids: string }>(`SELECT count(*) AS n, count(DISTINCT message_id) AS distinct_ids FROM webhook_delivery WHERE tenant_id = $1`, [tenantId]);
          expect(Number(deliveries.rows[0]!.n)).toBe(rows.length);
          expect(Number(deliveries.rows[0]!.distinct_ids)).toBe(rows.length);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a dedup key that joined a batched group is not stored again when it comes back after the pack stopped batching', async () => {
    const tenantId = uniqueId('n');
    const group = { key: 'points.awarded:liked:xp', windowMs: 60_000 };
    const note = (i: number) => ({ tenantId, userId: 'ann', kind: 'points.awarded' as const, title: '+10 xp', data: { amount: 10, currency: 'xp', eventId: `e${i}` }, dedupKey: `like:${i}` });
    await repo.add([{ ...note(1), group }, { ...note(2), group }]);
    const again = await repo.add([note(2), note(3)]); // no group now: the plain path
    expect(again.map((n) => [n.inserted, n.data['count'] ?? null])).toEqual([
      [false, 2],
      [true, null],
    ]);
    expect((await repo.list(tenantId, 'ann', { limit: 10 })).map((n) => n.seq)).toEqual([2, 1]);
  });

  it('grouped and plain batches racing on the same users: every dedup key recorded once (its own row or absorbed, never both), numbers distinct, the counter at the highest', async () => {
    const users = ['u0', 'u1', 'u2'];
    const group = { key: 'points.awarded:liked:xp', windowMs: 600_000 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom(...users), fc.integer({ min: 0, max: 15 })), { minLength: 1, maxLength: 10 })), { minLength: 2, maxLength: 6 }),
        async (batches) => {
          const tenantId = uniqueId('nmix');
          // Keys 0-7 are liked (batched when the batch comes from a pack that groups them), 8-15 plain; a key keeps its kind.
          const note = (grouped: boolean, userId: string, i: number) => ({
            tenantId,
            userId,
            kind: 'points.awarded' as const,
            title: '+10 xp',
            data: { amount: 10, currency: 'xp', eventId: `e${i}` },
            dedupKey: `${userId}:${i}`,
            ...(grouped && i < 8 ? { group, retitle: (count: number, total: number) => `+${total} xp from ${count}` } : {}),
          });
          await Promise.all(batches.map(([grouped, list]) => repo.add(list.map(([u, i]) => note(grouped, u, i)))));
          await Promise.all(batches.map(([grouped, list]) => repo.add(list.map(([u, i]) => note(!grouped, u, i))))); // redelivered the other way
          const own = await pool.query<{ user_id: string; dedup_key: string; seq: string }>(`SELECT user_id, dedup_key, seq FROM notification WHERE tenant_id = $1`, [tenantId]);
          const absorbed = await pool.query<{ dedup_key: string }>(`SELECT dedup_key FROM notification_absorbed WHERE tenant_id = $1`, [tenantId]);
          const keys = [...own.rows.map((r) => r.dedup_key), ...absorbed.rows.map((r) => r.dedup_key)];
          expect(keys.sort()).toEqual([...new Set(batches.flatMap(([, list]) => list.map(([u, i]) => `${u}:${i}`)))].sort());
          for (const u of users) {
            const seqs = own.rows.filter((r) => r.user_id === u).map((r) => Number(r.seq));
            expect(new Set(seqs).size).toBe(seqs.length);
            expect(await repo.lastSeq(tenantId, u)).toBe(seqs.length === 0 ? 0 : Math.max(...seqs));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
