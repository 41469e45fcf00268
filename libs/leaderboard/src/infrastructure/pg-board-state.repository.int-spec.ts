import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { infraEnv, uniqueId } from '@questline/testing';
import { standingsOf } from '../domain/standings';
import { PgBoardStateRepository } from './pg-board-state.repository';
import { PgLeagueRepository } from './pg-league.repository';

jest.setTimeout(60_000);

describe('leaderboard state and leagues (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let states: PgBoardStateRepository;
  let leagues: PgLeagueRepository;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 10 }));
    states = new PgBoardStateRepository(pool);
    leagues = new PgLeagueRepository(pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  it('saves a period step once when several instances race on it; the next revision sees the previous ranks', async () => {
    const tenantId = uniqueId('t');
    const period = { tenantId, boardId: 'xp', scope: 'global', period: 'd2026-11-20', window: 'daily' };
    const first = standingsOf([{ userId: 'a', score: 10, lastAt: 1 }, { userId: 'b', score: 5, lastAt: 2 }], 'competition');
    const announced: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 5 }, () => states.save({ ...period, status: 'published', members: 2 }, first, 0, async (revision) => void announced.push(revision))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(announced).toEqual([1]);
    expect(await states.state(tenantId, 'xp', 'global', period.period)).toMatchObject({ status: 'published', revision: 1, members: 2 });

    // A failed announcement saves nothing.
    const second = standingsOf([{ userId: 'b', score: 5, lastAt: 2 }], 'competition');
    await expect(states.save({ ...period, status: 'locked', members: 1 }, second, 1, async () => Promise.reject(new Error('bus down')))).rejects.toThrow('bus down');
    expect(await states.state(tenantId, 'xp', 'global', period.period)).toMatchObject({ status: 'published', revision: 1 });
    // Stale revision: nothing.
    expect(await states.save({ ...period, status: 'locked', members: 1 }, second, 0, async () => undefined)).toBe(false);

    let previous = new Map<string, number>();
    expect(await states.save({ ...period, status: 'locked', members: 1 }, second, 1, async (_, p) => void (previous = p))).toBe(true);
    expect(previous).toEqual(new Map([['a', 1], ['b', 2]]));
    expect(await states.state(tenantId, 'xp', 'global', period.period)).toMatchObject({ status: 'locked', revision: 2, members: 1 });
    expect(await states.page(tenantId, 'xp', 'global', period.period, 0, 10)).toEqual([expect.objectContaining({ userId: 'b', rank: 1, position: 1, score: 5 })]);
  });

  it('seats concurrent joiners once each, filling cohorts of N in order, and follows last week\'s result', async () => {
    const tenantId = uniqueId('t');
    const tiers = ['bronze', 'silver'];
    const users = Array.from({ length: 10 }, (_, i) => `u${i}`);
    // Five batches at once, each seating two users, each batch delivered twice.
    const batches = [0, 2, 4, 6, 8].map((i) => users.slice(i, i + 2));
    const seats = await Promise.all([...batches, ...batches].map((b) => leagues.seat(tenantId, 'weekly', 'w2026-11-16', b, new Set(b), tiers, 4)));
    const all = new Map(seats.flatMap((m) => [...m.values()]).map((s) => [s.userId, s]));
    expect(all.size).toBe(10);
    for (const b of seats) for (const [u, s] of b) expect(all.get(u)).toEqual(s); // a user's seat never changes
    const perCohort = new Map<number, number>();
    for (const s of all.values()) perCohort.set(s.cohort, (perCohort.get(s.cohort) ?? 0) + 1);
    expect(Math.max(...perCohort.values())).toBeLessThanOrEqual(4);
    // A user who is only penalised does not join.
    expect((await leagues.seat(tenantId, 'weekly', 'w2026-11-16', ['late'], new Set(), tiers, 4)).size).toBe(0);

    // Settle: u0 promoted. Next week u0 is seated in silver, u1 (stayed) in bronze.
    await leagues.settle(tenantId, 'weekly', 'w2026-11-16', [
      { userId: 'u0', rank: 1, score: 10, outcome: 'promoted' },
      { userId: 'u1', rank: 2, score: 5, outcome: 'stayed' },
    ]);
    expect(await leagues.settle(tenantId, 'weekly', 'w2026-11-16', [{ userId: 'u0', rank: 9, score: 0, outcome: 'demoted' }])).toBe(0);
    const next = await leagues.seat(tenantId, 'weekly', 'w2026-11-23', ['u0', 'u1'], new Set(['u0', 'u1']), tiers, 4);
    expect(next.get('u0')?.tier).toBe('silver');
    expect(next.get('u1')?.tier).toBe('bronze');
  });
});
