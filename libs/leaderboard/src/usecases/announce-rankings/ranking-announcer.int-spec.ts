import { Topics, type CommittedAward } from '@questline/contracts';
import { leaderboardContext, RedisRankStore } from '../../testing';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { parsePack, type PackCatalog } from '@questline/rules';
import { infraEnv, RecordingBus, uniqueId } from '@questline/testing';

jest.setTimeout(60_000);

/**
 * Board announcements against the real Postgres and Redis: announced only when the top N moved,
 * with top3Changed right, never twice for one change (a redelivered batch, two instances).
 */
describe('RankingAnnouncer (real Postgres and Redis)', () => {
  let db: Db;
  let pool: SqlPool;
  let ranks: RedisRankStore;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({
      url: infraEnv().DATABASE_URL,
      poolMax: 10,
    }));
    ranks = new RedisRankStore(infraEnv().REDIS_URL);
  });
  afterAll(async () => {
    await ranks.close();
    await db.$disconnect();
    await pool.end();
  });

  const setup = () => {
    const tenant = uniqueId('t');
    const pack = parsePack(
      [
        `tenant: ${tenant}`,
        'version: 1',
        'name: Test',
        'schemaNamespace: test',
        'currencies: [{ id: xp }]',
        'rules: []',
        'dimensions: [{ id: team, path: payload.team }]',
        'leaderboards: [{ id: xp, name: XP, currency: xp, scopes: [team], updates: { everySeconds: 1, top: 5 } }, { id: quiet, name: Quiet, currency: xp }]',
      ].join('\n'),
    );
    const packs: PackCatalog = {
      get: (t) => (t === tenant ? pack : undefined),
      tenants: () => [tenant],
    };
    let n = 0;
    const award = (userId: string, amount: number, team = 'red'): CommittedAward => ({
      tenantId: tenant,
      userId,
      currency: 'xp',
      amount,
      idempotencyKey: `k${++n}`,
      occurredAt: new Date().toISOString(),
      scopes: { team },
    });
    return { tenant, packs, award };
  };
  const later = () => new Promise((r) => setTimeout(r, 20));

  it('announces a moved top N once, with top3Changed, per window and scope; unchanged tops and quiet boards say nothing', async () => {
    const { tenant, packs, award } = setup();
    const bus = new RecordingBus();
    const { updates, announcer } = leaderboardContext({
      pool,
      ranks,
      bus,
      packs,
    });
    const first = [award('ann', 30), award('ben', 20), award('cy', 10, 'blue')];
    await updates.apply(first);
    await announcer.tick();
    const sent = () => bus.values(Topics.LeaderboardUpdated).filter((m) => m.tenantId === tenant);
    expect(sent().map((m) => [m.board, m.scope, m.top.map((t) => t.userId), m.top3Changed])).toEqual(
      expect.arrayContaining([
        ['xp', 'global', ['ann', 'ben', 'cy'], true],
        ['xp', 'team:red', ['ann', 'ben'], true],
        ['xp', 'team:blue', ['cy'], true],
      ]),
    );
    expect(sent()).toHaveLength(3);

    // The same batch again (at-least-once): the boards do not move, nothing is announced.
    await updates.apply(first);
    await later();
    await announcer.tick();
    expect(sent()).toHaveLength(3);

    // A 4th and 5th place change the top 5 but not the first three.
    await updates.apply([award('dee', 5), award('eve', 4)]);
    await later();
    await announcer.tick();
    const fourth = sent()
      .filter((m) => m.scope === 'global')
      .at(-1)!;
    expect(fourth).toMatchObject({ top3Changed: false, periodChanged: false });
    expect(fourth.top.map((t) => t.userId)).toEqual(['ann', 'ben', 'cy', 'dee', 'eve']);

    // Ben overtakes Ann: the first three changed.
    await updates.apply([award('ben', 50)]);
    await later();
    await announcer.tick();
    const overtaken = sent()
      .filter((m) => m.scope === 'global')
      .at(-1)!;
    expect(overtaken).toMatchObject({
      top3Changed: true,
      top: [{ userId: 'ben', rank: 1, score: 70 }, { userId: 'ann', rank: 2, score: 30 }, expect.anything(), expect.anything(), expect.anything()],
    });
    expect(sent().filter((m) => m.board === 'quiet')).toEqual([]);
  });

  it('two instances touched by the same awards announce each change once between them', async () => {
    const { tenant, packs, award } = setup();
    const bus = new RecordingBus();
    const a = leaderboardContext({ pool, ranks, bus, packs });
    const b = leaderboardContext({ pool, ranks, bus, packs });
    const batch = [award('ann', 30), award('ben', 20)];
    await Promise.all([a.updates.apply(batch), b.updates.apply(batch)]);
    await Promise.all([a.announcer.tick(), b.announcer.tick()]);
    const global = bus.values(Topics.LeaderboardUpdated).filter((m) => m.tenantId === tenant && m.scope === 'global');
    expect(global).toHaveLength(1);
    expect(global[0]!.top.map((t) => t.userId)).toEqual(['ann', 'ben']);
  });
});
