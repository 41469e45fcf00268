import Redis from 'ioredis';
import { v4 as uuidv4 } from 'uuid';
import type { EventScoredMessage } from '@questline/contracts';
import { LeaderboardKeys, RedisRankStore } from '@questline/leaderboard';
import type { MessageBus } from '@questline/messaging';
import type { AppConfig, Logger } from '@questline/platform';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { parsePack, type PackCatalog } from '@questline/rules';
import { infraEnv, uniqueId } from '@questline/testing';
import { PgBoardStateRepository } from '../../infrastructure/pg-board-state.repository';
import { PgLeagueRepository } from '../../infrastructure/pg-league.repository';
import { PrismaLedgerRepository } from '../../infrastructure/prisma-ledger.repository';
import { GetLeaderboardUseCase } from '../get-leaderboard/get-leaderboard.usecase';
import { LeaguesUseCase } from '../leagues/leagues.usecase';
import { MaintainLeaderboardsUseCase } from '../maintain-leaderboards/maintain-leaderboards.usecase';
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
    const published: unknown[] = [];
    const bus = { publish: async (_: string, m: unknown[]) => void published.push(...m) } as unknown as MessageBus;
    const ledger = new PrismaLedgerRepository(db, pool);
    const states = new PgBoardStateRepository(pool);
    const logger = { info: () => undefined, warn: () => undefined } as unknown as Logger;
    const leagues = new LeaguesUseCase(packs, new PgLeagueRepository(pool), ranks, bus, { LEADERBOARD_PERIOD_INTERVAL_MS: 3_600_000 } as AppConfig, logger);
    const record = new RecordAwardsUseCase(ledger, ranks, bus, packs, leagues);
    const maintenance = new MaintainLeaderboardsUseCase(new GetLeaderboardUseCase(packs, ranks, states), ledger, states, ranks);

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
    const boards = () => [
      ['all-time', 'global'],
      ['all-time', 'team:red'],
      ['all-time', 'team:blue'],
      ['daily', 'global'],
    ];
    const noDrift = async () => {
      for (const [window, scope] of boards()) expect((await maintenance.reconcile(tenant, 'xp', window, undefined, scope)).drift).toEqual([]);
      expect((await maintenance.reconcile(tenant, 'xp-dense')).drift).toEqual([]);
    };

    await record.execute(batch);
    await Promise.all([record.execute(batch), record.execute(batch)]); // redelivered, even concurrently
    await noDrift();
    const top = await ranks.top(LeaderboardKeys.board(tenant, 'xp', 'all'), 0, 10);
    expect(new Map(top.map((r) => [r.member, [r.score, r.rank]]))).toEqual(new Map([['ann', [35, 1]], ['ben', [20, 2]], ['cy', [20, 2]]]));
    expect(await ranks.top(LeaderboardKeys.board(tenant, 'xp', 'all', { dimension: 'team', value: 'blue' }), 0, 10)).toEqual([
      { member: 'cy', score: 20, rank: 1 },
      { member: 'ann', score: 5, rank: 2 },
    ]);
    expect(new Map((await leagues.view(tenant, 'weekly', 'ann')).standings.map((s) => [s.userId, s.score]))).toEqual(new Map([['ann', 35], ['ben', 20], ['cy', 20]]));

    // Redis loses the tenant: rebuild every board, then the batch is delivered once more.
    const keys = await redis.keys(`ql:{${tenant}}:*`);
    await redis.del(...keys);
    for (const [window, scope] of boards()) await maintenance.rebuild(tenant, 'xp', window, undefined, scope);
    await maintenance.rebuild(tenant, 'xp-dense');
    await record.execute(batch);
    await noDrift();
    expect((await ranks.rankOf(LeaderboardKeys.board(tenant, 'xp-dense', 'all'), 'cy', 'dense'))).toEqual({ member: 'cy', score: 20, rank: 2 });
  });
});
