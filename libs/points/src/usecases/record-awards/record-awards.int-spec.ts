import Redis from 'ioredis';
import { v4 as uuidv4 } from 'uuid';
import { Topics, type EventScoredMessage } from '@questline/contracts';
import { boardRef } from '@questline/leaderboard';
import { leaderboardContext, RedisRankStore } from '@questline/leaderboard/testing';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { parsePack, type PackCatalog } from '@questline/rules';
import { infraEnv, RecordingBus, uniqueId } from '@questline/testing';
import { PrismaLedgerRepository } from '../../infrastructure/prisma-ledger.repository';
import { PgRewardsRepository } from '../../infrastructure/pg-rewards.repository';
import { AchievementGrants } from '../rewards/achievement-grants';
import { RecordAwardsUseCase } from './record-awards.usecase';

jest.setTimeout(60_000);

/**
 * The points consumer's batch against the real Postgres and Redis: redelivered batches (the
 * at-least-once case) count once on every board, scope and league cohort, also after Redis lost
 * everything and the boards were rebuilt from the ledger.
 */
describe('RecordAwardsUseCase (real Postgres and Redis)', () => {
  let db: Db;
  let pool: SqlPool;
  let redis: Redis;
  let ranks: RedisRankStore;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 10 }));
    redis = new Redis(infraEnv().REDIS_URL);
    ranks = new RedisRankStore(infraEnv().REDIS_URL);
  });
  afterAll(async () => {
    await ranks.close();
    redis.disconnect();
    await db.$disconnect();
    await pool.end();
  });

  it('counts a redelivered batch once, before and after a Redis loss and rebuild', async () => {
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
        'leaderboards: [{ id: xp, name: XP, currency: xp, windows: [all-time, daily], scopes: [team] }, { id: xp-dense, name: XP, currency: xp, ties: dense }]',
        'leagues: [{ id: weekly, name: Weekly, currency: xp, tiers: [bronze, silver], cohortSize: 10 }]',
      ].join('\n'),
    );
    const packs: PackCatalog = { get: (t) => (t === tenant ? pack : undefined), tenants: () => [tenant] };
    const bus = new RecordingBus();
    const ledger = new PrismaLedgerRepository(db, pool);
    // The leaderboard context, wired as the runtime wires it: RecordAwards hands it awards through BOARD_UPDATES.
    const { updates, leagueStanding, rebuild, reconcile } = leaderboardContext({ pool, ranks, bus, packs });
    const record = new RecordAwardsUseCase(ledger, updates, bus, new AchievementGrants(new PgRewardsRepository(pool), bus), pool, packs);

    const now = new Date().toISOString();
    const scored = (user: string, amount: number, team: string): EventScoredMessage => {
      const id = uuidv4();
      return {
        event: { id, type: 'x', tenantId: tenant, userId: user, occurredAt: now },
        packVersion: 1,
        scopes: { team },
        awards: [{ userId: user, currency: 'xp', amount, ruleId: 'r', ruleVersion: 1, idempotencyKey: `${id}:r:${user}:xp` }],
      };
    };
    const batch = [scored('ann', 30, 'red'), scored('ben', 20, 'red'), scored('cy', 20, 'blue'), scored('ann', 5, 'blue')];
    batch[1]!.skipped = [{ ruleId: 'r2', reason: 'amount cap reached (cap xp-daily: 50 xp per day)' }];
    const boards = () => [
      ['all-time', 'global'],
      ['all-time', 'team:red'],
      ['all-time', 'team:blue'],
      ['daily', 'global'],
    ];
    const noDrift = async () => {
      for (const [window, scope] of boards()) expect((await reconcile.execute({ tenantId: tenant, boardId: 'xp', window, scope })).drift).toEqual([]);
      expect((await reconcile.execute({ tenantId: tenant, boardId: 'xp-dense' })).drift).toEqual([]);
    };

    await record.execute(batch);
    // The first delivery: each outcome carries the balance its own entry left (ann's first credit
    // 30, her second 35), so a threshold is credited to the event that crossed it.
    expect(bus.values(Topics.PointsAwarded).map((m) => `${m.userId}:${m.lifetime}:${m.spendable}`)).toEqual(['ann:30:30', 'ben:20:20', 'cy:20:20', 'ann:35:35']);
    await Promise.all([record.execute(batch), record.execute(batch)]); // redelivered, even concurrently
    await noDrift();
    // Every delivery announces the batch's four credits (downstream dedups on the ledger key) and its four processed events.
    expect(bus.values(Topics.PointsAwarded).map((m) => m.ledgerKey).sort()).toEqual([...batch, ...batch, ...batch].map((s) => s.awards[0]!.idempotencyKey).sort());
    // A redelivery cannot tell which entries were already there: its outcomes carry the balance after the whole batch.
    expect(new Set(bus.values(Topics.PointsAwarded).slice(4).map((m) => `${m.userId}:${m.lifetime}`))).toEqual(new Set(['ann:35', 'ben:20', 'cy:20']));
    expect(bus.values(Topics.EventStatus).filter((m) => m.status === 'processed')).toHaveLength(12);
    // The rules engine's reasons for what it did not pay travel on to the event's status.
    expect(bus.values(Topics.EventStatus).slice(0, 4).map((m) => m.skipped)).toEqual([undefined, batch[1]!.skipped, undefined, undefined]);
    const top = await ranks.top(boardRef(tenant, 'xp', 'all'), 0, 10);
    expect(new Map(top.map((r) => [r.member, [r.score, r.rank]]))).toEqual(new Map([['ann', [35, 1]], ['ben', [20, 2]], ['cy', [20, 2]]]));
    expect(await ranks.top(boardRef(tenant, 'xp', 'all', { dimension: 'team', value: 'blue' }), 0, 10)).toEqual([
      { member: 'cy', score: 20, rank: 1 },
      { member: 'ann', score: 5, rank: 2 },
    ]);
    expect(new Map((await leagueStanding.execute({ tenantId: tenant, leagueId: 'weekly', userId: 'ann' })).standings.map((s) => [s.userId, s.score]))).toEqual(new Map([['ann', 35], ['ben', 20], ['cy', 20]]));

    // Redis loses the tenant: rebuild every board, then the batch is delivered once more.
    const keys = await redis.keys(`ql:{${tenant}}:*`);
    await redis.del(...keys);
    for (const [window, scope] of boards()) await rebuild.execute({ tenantId: tenant, boardId: 'xp', window, scope });
    await rebuild.execute({ tenantId: tenant, boardId: 'xp-dense' });
    await record.execute(batch);
    await noDrift();
    expect((await ranks.rankOf(boardRef(tenant, 'xp-dense', 'all'), 'cy', 'dense'))).toEqual({ member: 'cy', score: 20, rank: 2 });
  });
});
