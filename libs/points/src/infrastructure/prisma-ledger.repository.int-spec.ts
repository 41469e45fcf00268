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
    const rows = await repo.entries(t, 'alice', 10);
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
    expect(await repo.entries(t2, 'alice', 10)).toEqual([]);
  });
});
