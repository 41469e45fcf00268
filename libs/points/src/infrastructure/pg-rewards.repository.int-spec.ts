import { v4 as uuidv4 } from 'uuid';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { infraEnv, uniqueId } from '@questline/testing';
import type { RewardItem } from '../domain/rewards.repository';
import { PgRewardsRepository } from './pg-rewards.repository';

jest.setTimeout(120_000);

/** Redemptions against the real Postgres of infra/up.sh: no oversell, no double spend, whatever the concurrency. */
describe('PgRewardsRepository (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let rewards: PgRewardsRepository;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 20 }));
    rewards = new PgRewardsRepository(pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  const item = (over: Partial<RewardItem> = {}): RewardItem => ({
    id: 'mug',
    name: 'Mug',
    description: null,
    currency: 'coins',
    cost: 30,
    stock: 10,
    perUserLimit: null,
    availableFrom: null,
    availableUntil: null,
    fulfilment: 'digital',
    minLevel: null,
    requiresBadges: [],
    active: true,
    ...over,
  });
  const fund = (tenantId: string, users: string[], coins: number) =>
    pool.query(`INSERT INTO balance (tenant_id, user_id, currency, lifetime, spendable, net) SELECT $1, u, 'coins', $3, $3, $3 FROM unnest($2::text[]) AS u`, [tenantId, users, coins]);
  const spendable = async (tenantId: string, user: string) =>
    Number((await pool.query<{ s: string }>("SELECT spendable::text AS s FROM balance WHERE tenant_id = $1 AND user_id = $2 AND currency = 'coins'", [tenantId, user])).rows[0]!.s);
  const redeem = (tenantId: string, userId: string, key = uniqueId('k'), itemId = 'mug') => rewards.redeem({ tenantId, userId, itemId, redemptionId: uuidv4(), idempotencyKey: key, now: new Date() });

  it('200 users at once on an item with 10 units: exactly 10 redeemed, 190 out of stock, stock 0, exactly 10 debits', async () => {
    const tenant = uniqueId('rw');
    const users = Array.from({ length: 200 }, (_, i) => `u${i}`);
    await fund(tenant, users, 100);
    await rewards.upsertItem(tenant, item());
    const outcomes = await Promise.all(users.map((u) => redeem(tenant, u)));
    const count = (s: string) => outcomes.filter((o) => o.status === s).length;
    expect([count('written'), count('out_of_stock')]).toEqual([10, 190]);
    expect((await rewards.items(tenant))[0]!.stock).toBe(0);
    const { rows } = await pool.query<{ n: string; total: string }>("SELECT count(*)::text AS n, coalesce(sum(amount), 0)::text AS total FROM ledger_entry WHERE tenant_id = $1 AND kind = 'spend'", [tenant]);
    expect(rows[0]).toEqual({ n: '10', total: '-300' });
    const winners = outcomes.flatMap((o, i) => (o.status === 'written' ? [users[i]!] : []));
    for (const u of winners) expect(await spendable(tenant, u)).toBe(70);
    expect(await spendable(tenant, users.find((u) => !winners.includes(u))!)).toBe(100);
  });

  it('one user sends the same redemption 20 times at once with one key: one redemption, one debit', async () => {
    const tenant = uniqueId('rw');
    await fund(tenant, ['ann'], 1000);
    await rewards.upsertItem(tenant, item({ stock: null }));
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => redeem(tenant, 'ann', 'same-key')));
    expect(outcomes.filter((o) => o.status === 'written')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'replayed')).toHaveLength(19);
    expect(new Set(outcomes.map((o) => ('redemption' in o ? o.redemption.id : null))).size).toBe(1);
    expect(await spendable(tenant, 'ann')).toBe(970);
    // The key again for another item: refused as reused, nothing spent.
    await rewards.upsertItem(tenant, item({ id: 'hat', stock: null }));
    expect((await redeem(tenant, 'ann', 'same-key', 'hat')).status).toBe('key_reused');
    expect(await spendable(tenant, 'ann')).toBe(970);
  });

  it('refuses without writing: short of balance, over the per-user limit, outside the window, unknown item', async () => {
    const tenant = uniqueId('rw');
    await fund(tenant, ['ben'], 50);
    await rewards.upsertItem(tenant, item({ perUserLimit: 1 }));
    await rewards.upsertItem(tenant, item({ id: 'later', availableFrom: new Date(Date.now() + 86_400_000).toISOString() }));
    expect((await redeem(tenant, 'ben')).status).toBe('written');
    expect(await redeem(tenant, 'ben')).toEqual({ status: 'limit_reached', limit: 1 });
    expect((await redeem(tenant, 'ben', uniqueId('k'), 'later')).status).toBe('not_available');
    expect((await redeem(tenant, 'ben', uniqueId('k'), 'nope')).status).toBe('unknown_item');
    await rewards.upsertItem(tenant, item({ id: 'dear', cost: 500 }));
    expect(await redeem(tenant, 'ben', uniqueId('k'), 'dear')).toEqual({ status: 'insufficient', spendable: 20, cost: 500 });
    expect(await spendable(tenant, 'ben')).toBe(20);
    expect((await rewards.items(tenant)).find((i) => i.id === 'dear')!.stock).toBe(10);
  });

  it('an item to fulfil stays started; failing it refunds the cost and returns the unit once; confirming a failed one is refused', async () => {
    const tenant = uniqueId('rw');
    await fund(tenant, ['cat'], 100);
    await rewards.upsertItem(tenant, item({ fulfilment: 'fulfilled', stock: 1 }));
    const started = await redeem(tenant, 'cat');
    expect(started).toMatchObject({ status: 'written', redemption: { status: 'started' } });
    const id = (started as { redemption: { id: string } }).redemption.id;
    expect((await redeem(tenant, 'cat')).status).toBe('out_of_stock');
    const [a, b] = await Promise.all([rewards.settle({ tenantId: tenant, redemptionId: id, to: 'failed', reason: 'lost in the post' }), rewards.settle({ tenantId: tenant, redemptionId: id, to: 'failed', reason: 'again' })]);
    expect([a.status, b.status].sort()).toEqual(['replayed', 'written']);
    expect(await spendable(tenant, 'cat')).toBe(100);
    expect((await rewards.items(tenant))[0]!.stock).toBe(1);
    expect((await rewards.settle({ tenantId: tenant, redemptionId: id, to: 'finalized', reason: null })).status).toBe('not_started');
    expect(await rewards.stale(tenant, new Date(Date.now() + 1000), 10)).toEqual([]);
  });
});
