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
});
