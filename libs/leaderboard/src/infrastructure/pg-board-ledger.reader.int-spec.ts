import { randomUUID } from 'node:crypto';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { infraEnv, uniqueId } from '@questline/testing';
import { PgBoardLedgerReader } from './pg-board-ledger.reader';

jest.setTimeout(60_000);

describe('board totals and scope values from the ledger (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let reader: PgBoardLedgerReader;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({
      url: infraEnv().DATABASE_URL,
      poolMax: 4,
    }));
    reader = new PgBoardLedgerReader(pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  it('counts an entry under every value of a list dimension (tags), and a single value as before', async () => {
    const tenantId = uniqueId('t');
    const at = new Date('2026-11-20T10:00:00Z');
    const rows: [string, number, unknown][] = [
      ['ann', 5, { tag: ['ts', 'db'], community: 'c1' }],
      ['ben', 7, { tag: ['ts'] }],
      ['cat', 3, { tag: 'db' }], // stored by a release before lists: one value
      ['dan', 9, { tag: ['db:x', 'ts'] }], // a value may hold the separator
      ['eve', 4, null],
    ];
    await pool.query(
      `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, idempotency_key, occurred_at, public, scopes)
       SELECT $1, u, 'xp', a, 'earn', gen_random_uuid(), k, $2, true, s FROM unnest($3::text[], $4::bigint[], $5::text[], $6::jsonb[]) AS x(u, a, k, s)`,
      [tenantId, at, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map(() => randomUUID()), rows.map((r) => (r[2] === null ? null : JSON.stringify(r[2])))],
    );
    const totals = async (dimension?: string, value?: string) =>
      (await reader.boardTotals(tenantId, 'xp', new Date(0), new Date('2027-01-01'), dimension ? { dimension, value: value! } : undefined)).map((r) => [r.userId, r.score]).sort();
    expect(await totals('tag', 'ts')).toEqual([
      ['ann', 5],
      ['ben', 7],
      ['dan', 9],
    ]);
    expect(await totals('tag', 'db')).toEqual([
      ['ann', 5],
      ['cat', 3],
    ]);
    expect(await totals('tag', 'db:x')).toEqual([['dan', 9]]);
    expect(await totals('community', 'c1')).toEqual([['ann', 5]]);
    expect(await totals()).toHaveLength(5);
    expect(await reader.scopeValues(tenantId, 'xp', new Date(0), new Date('2027-01-01'), ['tag', 'community'])).toEqual([
      { dimension: 'community', value: 'c1' },
      { dimension: 'tag', value: 'db' },
      { dimension: 'tag', value: 'db:x' },
      { dimension: 'tag', value: 'ts' },
    ]);
    // Whether the range still has entries of a scope (a period emptied by a correction, not by a moved calendar).
    expect(await reader.hasEntries(tenantId, 'xp', new Date(0), new Date('2027-01-01'), { dimension: 'tag', value: 'db:x' })).toBe(true);
    expect(await reader.hasEntries(tenantId, 'xp', new Date(0), new Date('2027-01-01'), { dimension: 'tag', value: 'zz' })).toBe(false);
    expect(await reader.hasEntries(tenantId, 'xp', new Date('2026-11-21'), new Date('2027-01-01'))).toBe(false);
    // A user's values of a dimension, by what they total (a Q&A user's top tags).
    await pool.query(
      `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, idempotency_key, occurred_at, public, scopes)
       VALUES ($1, 'ann', 'xp', 8, 'earn', gen_random_uuid(), $2, $3, true, '{"tag": ["db"]}'), ($1, 'ann', 'xp', 50, 'earn', gen_random_uuid(), $4, $3, false, '{"tag": ["ops"]}'),
              ($1, 'ann', 'xp', 40, 'spend', gen_random_uuid(), $5, $3, true, '{"tag": ["ops"]}'), ($1, 'ann', 'coins', 60, 'earn', gen_random_uuid(), $6, $3, true, '{"tag": ["go"]}')`,
      [tenantId, randomUUID(), at, randomUUID(), randomUUID(), randomUUID()],
    );
    // Public board-counting entries of the currencies asked for only: not the hidden ops, the spend or the coins.
    expect(await reader.userScopeValues(tenantId, 'ann', ['xp'], 'tag', 10)).toEqual([
      { value: 'db', total: 13 },
      { value: 'ts', total: 5 },
    ]);
    expect(await reader.userScopeValues(tenantId, 'ann', ['xp'], 'tag', 1)).toEqual([{ value: 'db', total: 13 }]);
    expect(await reader.userScopeValues(tenantId, 'ann', ['xp', 'coins'], 'tag', 10)).toEqual([
      { value: 'go', total: 60 },
      { value: 'db', total: 13 },
      { value: 'ts', total: 5 },
    ]);
    expect(await reader.userScopeValues(tenantId, 'cat', ['xp'], 'tag', 10)).toEqual([{ value: 'db', total: 3 }]); // one value, stored before lists
    expect(await reader.userScopeValues(tenantId, 'eve', ['xp'], 'tag', 10)).toEqual([]);
    expect((await reader.boardEntries(tenantId, 'ann', ['xp']))[0]).toMatchObject({
      amount: 5,
      scopes: { tag: ['ts', 'db'], community: 'c1' },
    });
  });
});
