import { Client } from 'pg';
import { infraEnv } from '@questline/testing';
import { jsonArrayParam, jsonAt } from './json-param';

jest.setTimeout(60_000);

describe('jsonArrayParam / jsonAt (real Postgres)', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: infraEnv().DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db.end());

  it('reads each row its own value, in the order of the other arrays, as a jsonb[] parameter did', async () => {
    const hostile = ['quote " and \\ backslash', 'Tiếng Việt — ✓ 🎉', '{"looks":"like json"}', '\\u0041', ''];
    const values: unknown[] = Array.from({ length: 1200 }, (_, i) => (i % 7 === 3 ? null : i % 7 === 5 ? undefined : { i, text: hostile[i % hostile.length], list: [i, [String(i)]] }));
    const ids = values.map((_, i) => i);
    const sql = (nullable: boolean) => `SELECT id, ${jsonAt('$2', 'n', nullable)} AS v FROM unnest($1::int[]) WITH ORDINALITY AS t(id, n) ORDER BY n`;
    const [one, old] = await Promise.all([
      db.query<{ id: number; v: unknown }>(sql(true), [ids, jsonArrayParam(values)]),
      db.query<{ id: number; v: unknown }>('SELECT id, v FROM unnest($1::int[], $2::jsonb[]) AS t(id, v)', [ids, values.map((v) => (v ? JSON.stringify(v) : null))]),
    ]);
    expect(one.rows).toEqual(old.rows);
    expect(one.rows[3]).toEqual({ id: 3, v: null });
    expect(one.rows[5]).toEqual({ id: 5, v: null });
    // node-pg reads SQL NULL and JSON null alike: ask Postgres which it stored.
    const kinds = await db.query<{ id: number; isnull: boolean }>(`SELECT id, v IS NULL AS isnull FROM (${sql(true)}) x WHERE id < 14 ORDER BY id`, [ids, jsonArrayParam(values)]);
    expect(kinds.rows.filter((r) => r.isnull).map((r) => r.id)).toEqual([3, 5, 10, 12]);
    expect(one.rows[1]).toEqual({ id: 1, v: { i: 1, text: hostile[1], list: [1, ['1']] } });
    // Not nullable: a JSON null stays a JSON null (an SQL NULL only where the row has no value at all).
    const { rows } = await db.query<{ isnull: boolean; kind: string | null }>(`SELECT v IS NULL AS isnull, jsonb_typeof(v) AS kind FROM (${sql(false)}) x WHERE id = 3`, [ids, jsonArrayParam(values)]);
    expect(rows).toEqual([{ isnull: false, kind: 'null' }]);
  });

  it('a value Postgres cannot store (\\u0000 in a string) is refused for the statement, as it was in a jsonb[]', async () => {
    await expect(db.query(`SELECT ${jsonAt('$1', '1')} AS v`, [jsonArrayParam([{ a: 'nul \u0000 here' }])])).rejects.toMatchObject({ code: '22P05' });
  });
});
