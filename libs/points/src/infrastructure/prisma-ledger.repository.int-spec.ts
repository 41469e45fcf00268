import fc from 'fast-check';
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

  it('a balance moves in place: half of each page is left free, so the upsert writes no index entry (HOT)', async () => {
    const t = uniqueId('hotbal');
    // 400 users' balances: several pages; at fillfactor 100 each page is full after the first append.
    const users = Array.from({ length: 400 }, (_, i) => `u${i}`);
    await repo.append(users.map((u) => entry(t, { userId: u, idempotencyKey: `a:${u}` })));
    const client = await pool.connect();
    try {
      // Inside one transaction nothing is flushed: the backend's pending counters differ by this append alone.
      const counters = async () => {
        const { rows } = await client.query<{ upd: string; hot: string }>("SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_xact_user_tables WHERE relname = 'balance'");
        return { upd: Number(rows[0]?.upd ?? 0), hot: Number(rows[0]?.hot ?? 0) };
      };
      await client.query('BEGIN');
      const inTx = new PrismaLedgerRepository(db, client as unknown as SqlPool);
      const s0 = await counters();
      const second = await inTx.append(users.map((u) => entry(t, { userId: u, idempotencyKey: `b:${u}` })));
      const s1 = await counters();
      await client.query('COMMIT');
      expect(second.inserted).toBe(400);
      expect(s1.upd - s0.upd).toBe(400);
      // Without the free half (fillfactor 100) almost all of these land on another page: 1 of 400 was HOT.
      expect((s1.hot - s0.hot) / (s1.upd - s0.upd)).toBeGreaterThanOrEqual(0.9);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    expect((await repo.entries(t, 'u7', { limit: 10 })).map((r) => r.amount)).toEqual([50, 50]);
    const { rows: options } = await pool.query<{ relname: string; reloptions: string[] }>("SELECT relname, reloptions FROM pg_class WHERE relname IN ('balance', 'notification_cursor') ORDER BY relname");
    expect(options.map((o) => o.relname)).toEqual(['balance', 'notification_cursor']);
    for (const o of options) expect(o.reloptions).toContain('fillfactor=50');
  });

  it('stores each entry its own scopes (none: SQL NULL), with and without the optional columns', async () => {
    const t = uniqueId('ledger');
    // The four statement variants: lifetime credit and requested each on or off.
    const variants: Partial<NewLedgerEntry>[] = [{}, { lifetimeCredit: 0 }, { requested: -9 }, { lifetimeCredit: 0, requested: -9 }];
    for (const [v, extra] of variants.entries()) {
      const batch = Array.from({ length: 6 }, (_, i) =>
        entry(t, { userId: `u${v}-${i}`, idempotencyKey: `s${v}-${i}`, ...(i % 3 === 1 ? {} : { scopes: { tag: i % 3 === 2 ? [`t"${i}`, `t\\${i}`] : `v${v}-${i}` } }), ...(i === 4 ? extra : {}) }),
      );
      await repo.append(batch);
    }
    const { rows } = await pool.query<{ idempotency_key: string; scopes: unknown; none: boolean }>('SELECT idempotency_key, scopes, scopes IS NULL AS none FROM ledger_entry WHERE tenant_id = $1 ORDER BY idempotency_key', [t]);
    expect(rows).toHaveLength(24);
    for (const r of rows) {
      const [, v, i] = /^s(\d)-(\d)$/.exec(r.idempotency_key)!.map(Number);
      if (i! % 3 === 1) expect(r.none).toBe(true);
      else expect(r.scopes).toEqual({ tag: i! % 3 === 2 ? [`t"${i}`, `t\\${i}`] : `v${v}-${i}` });
    }
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
  describe('a currency floor (a reputation that never drops below 1)', () => {
    const users = ['ann', 'ben', 'cy'];
    const award = fc.record({ user: fc.constantFrom(...users), currency: fc.constantFrom('rep', 'coins'), amount: fc.oneof(fc.integer({ min: -12, max: -1 }), fc.integer({ min: 1, max: 8 })) });
    /** `rep` has floor 1, `coins` none: what the points consumer hands the ledger (the floor on every `rep` entry). */
    const toEntry = (t: string, a: { user: string; currency: string; amount: number }, i: number): NewLedgerEntry =>
      entry(t, { userId: a.user, currency: a.currency, amount: a.amount, kind: a.amount < 0 ? 'adjust' : 'earn', idempotencyKey: `k${i}`, ...(a.currency === 'rep' ? { floor: 1 } : {}) });
    /** The plain model, one entry at a time in ledger order. */
    const fold = (list: NewLedgerEntry[]) => {
      const balance = new Map<string, number>();
      const booked = new Map<string, number>();
      for (const e of list) {
        if (booked.has(e.idempotencyKey)) continue;
        const k = `${e.userId}|${e.currency}`;
        const before = balance.get(k) ?? 0;
        const after = e.floor === undefined || e.amount >= 0 ? before + e.amount : before <= e.floor ? before : Math.max(before + e.amount, e.floor);
        booked.set(e.idempotencyKey, after - before);
        balance.set(k, after);
      }
      return { balance, booked };
    };
    const ledgerOf = async (t: string) =>
      (await pool.query<{ idempotency_key: string; user_id: string; currency: string; amount: string; requested: string | null }>('SELECT idempotency_key, user_id, currency, amount::text, requested::text FROM ledger_entry WHERE tenant_id = $1 ORDER BY id', [t])).rows;
    const balancesOf = async (t: string) =>
      new Map((await pool.query<{ user_id: string; currency: string; spendable: string }>('SELECT user_id, currency, spendable::text FROM balance WHERE tenant_id = $1', [t])).rows.map((r) => [`${r.user_id}|${r.currency}`, Number(r.spendable)]));

    /** Runs each list of batches on its own instance of the repository (its own pool), at once. */
    const twoInstances = async (mine: NewLedgerEntry[][], theirs: NewLedgerEntry[][]) => {
      const second = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 4 });
      try {
        const other = new PrismaLedgerRepository(second.prisma, second.pool);
        await Promise.all([
          (async () => {
            for (const b of mine) await repo.append(b);
          })(),
          (async () => {
            for (const b of theirs) await other.append(b);
          })(),
        ]);
      } finally {
        await second.prisma.$disconnect();
        await second.pool.end();
      }
    };
    /** The ledger's rows checked against the model over their own (ledger) order. */
    const matchesModelInLedgerOrder = async (t: string, history: NewLedgerEntry[]) => {
      const rows = await ledgerOf(t);
      expect(rows).toHaveLength(history.length);
      const byKey = new Map(history.map((e) => [e.idempotencyKey, e]));
      const model = fold(rows.map((r) => byKey.get(r.idempotency_key)!));
      expect(new Map(rows.map((r) => [r.idempotency_key, Number(r.amount)]))).toEqual(model.booked);
      expect(await balancesOf(t)).toEqual(model.balance);
      return { rows, model };
    };

    it('property: random batch cuts and redelivered batches book what the one-at-a-time model books; each held entry keeps what was asked', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(award, { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { maxLength: 4 }), async (awards, cuts, redeliveries) => {
          const t = uniqueId('floor');
          const history = awards.map((a, i) => toEntry(t, a, i));
          const batches: NewLedgerEntry[][] = [];
          for (let at = 0, i = 0; at < history.length; i++) batches.push(history.slice(at, (at += cuts[i % cuts.length]!)));
          const deliveries = [...batches];
          for (const r of redeliveries) deliveries.splice(deliveries.indexOf(batches[r % batches.length]!) + 1, 0, batches[r % batches.length]!);
          const booked = new Map<string, number>();
          for (const batch of deliveries) {
            const { amounts } = await repo.append(batch);
            // What comes back is what the ledger holds, redelivered or not.
            batch.forEach((e, i) => {
              if (booked.has(e.idempotencyKey)) expect(amounts[i]).toBe(booked.get(e.idempotencyKey));
              booked.set(e.idempotencyKey, amounts[i]!);
            });
          }
          const model = fold(history);
          expect(booked).toEqual(model.booked);
          expect(await balancesOf(t)).toEqual(model.balance);
          for (const row of await ledgerOf(t)) {
            const asked = history[Number(row.idempotency_key.slice(1))]!.amount;
            expect(row.requested === null ? null : Number(row.requested)).toBe(Number(row.amount) === asked ? null : asked);
          }
        }),
        { numRuns: 25 },
      );
    });

    it('two instances appending at once for the same users: each balance is the model over its ledger order, never below the floor, each key once', async () => {
      const t = uniqueId('floor');
      // Every batch holds a rep debit, so each takes the balance locks before its rows get their ids.
      const history = Array.from({ length: 240 }, (_, i) => toEntry(t, { user: users[i % 3]!, currency: i % 5 === 4 ? 'coins' : 'rep', amount: i % 4 === 0 ? 7 : -3 }, i));
      const batches = Array.from({ length: 24 }, (_, b) => history.slice(b * 10, b * 10 + 10));
      // Each instance takes every other batch, and redelivers one of the other's.
      await twoInstances([...batches.filter((_, i) => i % 2 === 0), batches[1]!], [...batches.filter((_, i) => i % 2 === 1), batches[0]!]);
      const { rows, model } = await matchesModelInLedgerOrder(t, history);
      for (const u of users) expect(model.balance.get(`${u}|rep`)).toBeGreaterThanOrEqual(1);
      // Held penalties happened: the floor was reached, not merely approached.
      expect(rows.filter((r) => r.requested !== null).length).toBeGreaterThan(0);
    });

    it('two instances redelivering each other\'s batches (a rebalance), some of a floored currency, some not, some credits only: no deadlock, each key once, the model over ledger order', async () => {
      const t = uniqueId('floor');
      const shapes = ['rep+', 'mixed', 'coins', 'rep-', 'mixed', 'rep+'];
      const history = Array.from({ length: 180 }, (_, i) => {
        const shape = shapes[Math.floor(i / 10) % shapes.length]!;
        const currency = shape === 'coins' || (shape === 'mixed' && i % 2 === 0) ? 'coins' : 'rep';
        const amount = shape === 'rep+' ? 4 : shape === 'rep-' ? -5 : i % 3 === 0 ? 6 : -4;
        return toEntry(t, { user: users[i % 3]!, currency, amount }, i);
      });
      // The same records, fetched in other batch cuts by each instance: a batch of `rep` credits only
      // on one side holds keys that a batch with `rep` debits holds on the other.
      const cut = (size: number) => Array.from({ length: Math.ceil(history.length / size) }, (_, b) => history.slice(b * size, b * size + size));
      // Both instances take every record, in order: the one that lost the partition is still at it.
      await twoInstances(cut(10), cut(7));
      await matchesModelInLedgerOrder(t, history);
    });

    it('the ledger shows what a held entry asked', async () => {
      const t = uniqueId('floor');
      await repo.append([entry(t, { amount: 5, idempotencyKey: 'a' }), entry(t, { amount: -3, kind: 'adjust', idempotencyKey: 'b', floor: 1 }), entry(t, { amount: -3, kind: 'adjust', idempotencyKey: 'c', floor: 1 })]);
      const rows = await repo.entries(t, 'alice', { limit: 10 });
      expect(rows.map((r) => [r.idempotencyKey, r.amount, r.requested])).toEqual([
        ['c', -1, -3],
        ['b', -3, undefined],
        ['a', 5, undefined],
      ]);
      expect((await repo.balances(t, 'alice'))[0]).toMatchObject({ lifetime: 5, spendable: 1, net: 1 });
      // Redelivered after the pack dropped the floor: what was booked comes back, not what is asked.
      expect(await repo.append([entry(t, { amount: -3, kind: 'adjust', idempotencyKey: 'c' })])).toMatchObject({ inserted: 0, amounts: [-1] });
    });
  });
});
