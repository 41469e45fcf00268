import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { infraEnv, uniqueId } from '@questline/testing';
import { applyMigrations } from './migrate';
import { deletedUsers, userHash } from './tombstones';

jest.setTimeout(60_000);

describe('deletedUsers (real Postgres)', () => {
  let db: Pool;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    db = new Pool({ connectionString: infraEnv().DATABASE_URL, max: 2 });
  });
  afterAll(() => db.end());

  const tombstone = (tenantId: string, userId: string) =>
    db.query(`INSERT INTO user_tombstone (tenant_id, user_hash, pseudonym, receipt_id, actor) VALUES ($1, $2, $3, $4, 'test')`, [tenantId, userHash(tenantId, userId), uniqueId('p'), randomUUID()]);

  it('finds the deleted users of a batch that names each user many times, in several tenants, each once', async () => {
    const [a, b] = [uniqueId('ta'), uniqueId('tb')];
    await tombstone(a, 'gone');
    await tombstone(a, 'Nguyễn Văn A');
    await tombstone(b, 'other');
    const pairs = [
      ...Array.from({ length: 50 }, (_, i) => ({ tenantId: a, userId: ['gone', 'kept', 'Nguyễn Văn A', 'other'][i % 4]! })),
      ...Array.from({ length: 20 }, (_, i) => ({ tenantId: b, userId: ['gone', 'other'][i % 2]! })),
    ];
    const found = await deletedUsers(db, pairs);
    // `other` is deleted in tenant b only; `gone` in tenant a only: a user id is per tenant.
    expect([...found].sort()).toEqual([`${a}\ngone`, `${a}\nNguyễn Văn A`, `${b}\nother`].sort());
  });

  it("hashes a user as every release has (the tombstones stored before must keep matching)", () => {
    expect(userHash('tektree', 'Nguyễn Văn A')).toBe('e295b5f674f13b789e0e42f34b03f056384dd489e2e1a1db87f42c4508c13cd5');
  });

  it('asks nothing for an empty batch', async () => {
    expect(await deletedUsers({ query: () => Promise.reject(new Error('no query expected')) } as never, [])).toEqual(new Set());
  });
});
