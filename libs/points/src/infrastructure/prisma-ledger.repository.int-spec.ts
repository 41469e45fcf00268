import { v4 as uuidv4 } from 'uuid';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { infraEnv, uniqueId } from '@questline/testing';
import type { NewLedgerEntry } from '../domain/ledger.repository';
import { PrismaLedgerRepository } from './prisma-ledger.repository';

jest.setTimeout(60_000);

describe('PrismaLedgerRepository (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let repo: PrismaLedgerRepository;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 10 }));
    repo = new PrismaLedgerRepository(db, pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  const entry = (tenantId: string, over: Partial<NewLedgerEntry> = {}): NewLedgerEntry => ({
    tenantId,
    userId: 'alice',
    currency: 'xp',
    amount: 50,
    kind: 'earn',
    sourceEventId: '5289b52c-9c4e-541c-8d8c-20250d7c7403',
    ruleId: 'answer-accepted',
    ruleVersion: 1,
    idempotencyKey: 'evt-1:answer-accepted:alice:xp',
    occurredAt: '2026-11-23T10:00:00.000Z',
    ...over,
  });

  it('appends once per idempotency key and moves balances only for new rows', async () => {
    const t = uniqueId('ledger');
    const first = await repo.append([entry(t), entry(t, { idempotencyKey: 'k2', amount: 10 })]);
    expect(first.inserted).toBe(2);
    expect(first.balances).toEqual([{ tenantId: t, userId: 'alice', currency: 'xp', lifetime: 60, spendable: 60, net: 60 }]);
    const again = await repo.append([entry(t)]);
    expect(again.inserted).toBe(0);
    expect(again.balances[0]).toMatchObject({ lifetime: 60, spendable: 60 });
    const rows = await repo.entries(t, 'alice', { limit: 10 });
    expect(rows.map((r) => [r.amount, r.ruleId, r.ruleVersion])).toEqual([
      [10, 'answer-accepted', 1],
      [50, 'answer-accepted', 1],
    ]);
  });

  it('K concurrent identical appends produce exactly one credit', async () => {
    const t = uniqueId('ledger');
    const results = await Promise.all(Array.from({ length: 16 }, () => repo.append([entry(t)])));
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(1);
    expect(await repo.balances(t, 'alice')).toEqual([{ tenantId: t, userId: 'alice', currency: 'xp', lifetime: 50, spendable: 50, net: 50 }]);
  });

  it('counts penalties against the spendable balance but not lifetime earnings', async () => {
    const t = uniqueId('ledger');
    await repo.append([entry(t, { amount: 100, idempotencyKey: 'a' }), entry(t, { amount: -30, kind: 'adjust', idempotencyKey: 'b' })]);
    expect((await repo.balances(t, 'alice'))[0]).toMatchObject({ lifetime: 100, spendable: 70, net: 70 });
  });

  it('keeps tenants apart', async () => {
    const [t1, t2] = [uniqueId('ledger'), uniqueId('ledger')];
    await repo.append([entry(t1)]);
    expect(await repo.balances(t2, 'alice')).toEqual([]);
    expect(await repo.entries(t2, 'alice', { limit: 10 })).toEqual([]);
  });

  describe('spend and refund', () => {
    const spend = (t: string, amount: number, key: string) => repo.spend({ tenantId: t, userId: 'alice', currency: 'xp', amount, idempotencyKey: key, spendId: uuidv4(), reason: null });

    it('never overdraws under concurrency: 100 xp, ten concurrent spends of 30 → exactly three', async () => {
      const t = uniqueId('spend');
      await repo.append([entry(t, { amount: 100, idempotencyKey: 'seed' })]);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => spend(t, 30, `k${i}`)));
      expect(results.filter((r) => r.status === 'written')).toHaveLength(3);
      expect(results.filter((r) => r.status === 'insufficient')).toHaveLength(7);
      expect((await repo.balances(t, 'alice'))[0]).toMatchObject({ lifetime: 100, spendable: 10, net: 100 });
      expect(await repo.entries(t, 'alice', { limit: 50, kind: 'spend' })).toHaveLength(3);
    });

    it('a repeated key spends once and answers the first entry; the same key for another amount is refused', async () => {
      const t = uniqueId('spend');
      await repo.append([entry(t, { amount: 100, idempotencyKey: 'seed' })]);
      const results = await Promise.all(Array.from({ length: 8 }, () => spend(t, 40, 'same')));
      expect(results.filter((r) => r.status === 'written')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'replayed')).toHaveLength(7);
      expect(new Set(results.map((r) => ('entry' in r ? r.entry.id : null))).size).toBe(1);
      expect(await spend(t, 41, 'same')).toMatchObject({ status: 'key_reused' });
      expect((await repo.balances(t, 'alice'))[0]!.spendable).toBe(60);
    });

    it('an overdraft writes nothing', async () => {
      const t = uniqueId('spend');
      await repo.append([entry(t, { amount: 10, idempotencyKey: 'seed' })]);
      expect(await spend(t, 11, 'k')).toMatchObject({ status: 'insufficient', requested: 11 });
      expect(await spend(t, 5, 'k2')).toMatchObject({ status: 'written' }); // the refused key was not burnt
      expect(await repo.entries(t, 'alice', { limit: 10 })).toHaveLength(2);
    });

    it('refunds part then the rest of a spend, never more than was spent', async () => {
      const t = uniqueId('spend');
      await repo.append([entry(t, { amount: 100, idempotencyKey: 'seed' })]);
      const spendId = uuidv4();
      await repo.spend({ tenantId: t, userId: 'alice', currency: 'xp', amount: 50, idempotencyKey: 's', spendId, reason: 'badge' });
      expect(await repo.refund({ tenantId: t, userId: 'alice', spendId, amount: 20, idempotencyKey: 'r1' })).toMatchObject({ status: 'written', balance: { spendable: 70 } });
      expect(await repo.refund({ tenantId: t, userId: 'alice', spendId, amount: 31, idempotencyKey: 'r2' })).toEqual({ status: 'over_refund', refundable: 30 });
      expect(await repo.refund({ tenantId: t, userId: 'alice', spendId, amount: null, idempotencyKey: 'r3' })).toMatchObject({ status: 'written', entry: { amount: 30, kind: 'refund' }, balance: { spendable: 100 } });
      expect(await repo.refund({ tenantId: t, userId: 'alice', spendId, amount: null, idempotencyKey: 'r3' })).toMatchObject({ status: 'replayed' });
      expect(await repo.refund({ tenantId: t, userId: 'alice', spendId: uuidv4(), amount: null, idempotencyKey: 'r4' })).toEqual({ status: 'unknown_spend' });
    });

    it('pages the ledger newest first with a cursor and filters by kind, currency and time', async () => {
      const t = uniqueId('page');
      await repo.append(Array.from({ length: 7 }, (_, i) => entry(t, { amount: 10 + i, idempotencyKey: `p${i}`, occurredAt: `2026-11-0${i + 1}T10:00:00.000Z` })));
      await spend(t, 5, 'sp');
      const first = await repo.entries(t, 'alice', { limit: 3 });
      expect(first.map((e) => e.amount)).toEqual([-5, 16, 15]);
      const second = await repo.entries(t, 'alice', { limit: 3, beforeId: BigInt(first[2]!.id) });
      expect(second.map((e) => e.amount)).toEqual([14, 13, 12]);
      expect((await repo.entries(t, 'alice', { limit: 10, kind: 'earn', from: new Date('2026-11-03T00:00:00Z'), to: new Date('2026-11-05T00:00:00Z') })).map((e) => e.amount)).toEqual([13, 12]);
      expect(await repo.entries(t, 'alice', { limit: 10, currency: 'gold' })).toEqual([]);
    });
  });

  it('pages in numeric id order when ids differ in length (not as text: 9, 8, …, 11, 10)', async () => {
    const t = uniqueId('idlen');
    // Ids of different lengths without moving the shared sequence: negative ones, which it never
    // gives (-8 … -12: as text, descending, they would read -9, -8, -12, -11, -10).
    const ids = [-8, -9, -10, -11, -12];
    await pool.query('DELETE FROM ledger_entry WHERE id = ANY($1::bigint[])', [ids]);
    await pool.query(
      `INSERT INTO ledger_entry (id, tenant_id, user_id, currency, amount, kind, source_event_id, idempotency_key, occurred_at)
       SELECT id, $2, 'alice', 'xp', -id, 'earn', gen_random_uuid(), 'len' || id, now() FROM unnest($1::bigint[]) AS id`,
      [ids, t],
    );
    expect((await repo.entries(t, 'alice', { limit: 20 })).map((e) => e.id)).toEqual(['-8', '-9', '-10', '-11', '-12']);
    const paged: string[] = [];
    let before: bigint | undefined;
    for (;;) {
      const page = await repo.entries(t, 'alice', { limit: 2, ...(before !== undefined ? { beforeId: before } : {}) });
      if (page.length === 0) break;
      paged.push(...page.map((e) => e.id));
      before = BigInt(page[page.length - 1]!.id);
    }
    expect(paged).toEqual(['-8', '-9', '-10', '-11', '-12']);
  });

  it('expirable amounts are FIFO: old credits minus everything consumed, at most the spendable balance', async () => {
    const t = uniqueId('exp');
    await repo.append([
      entry(t, { amount: 100, idempotencyKey: 'old', occurredAt: '2026-09-01T10:00:00.000Z' }),
      entry(t, { amount: 50, idempotencyKey: 'new', occurredAt: '2026-11-20T10:00:00.000Z' }),
    ]);
    await repo.spend({ tenantId: t, userId: 'alice', currency: 'xp', amount: 30, idempotencyKey: 's', spendId: uuidv4(), reason: null });
    const cutoff = new Date('2026-10-01T00:00:00Z');
    expect(await repo.expirable(t, 'xp', cutoff)).toEqual([{ userId: 'alice', amount: 70 }]);
    await repo.append([entry(t, { amount: -70, kind: 'expire', idempotencyKey: 'expire:xp:alice:2026-10-01' })]);
    // Expired once: nothing left to expire at that cutoff; the balance keeps the recent 50.
    expect(await repo.expirable(t, 'xp', cutoff)).toEqual([]);
    expect((await repo.balances(t, 'alice'))[0]).toMatchObject({ lifetime: 150, spendable: 50, net: 150 });
  });
});
