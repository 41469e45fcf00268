// Test seam (immich's medium factory idea): the leaderboard context wired with real adapters and
// whatever the caller passes for the rest. For tests only — the boundary lint forbids it elsewhere.
import type { MessageBus } from '@questline/messaging';
import type { AppConfig, Logger } from '@questline/platform';
import type { SqlPool } from '@questline/persistence';
import type { PackCatalog } from '@questline/rules';
import type { RankStore } from './domain/rank-store.port';
import { PgBoardLedgerReader } from './infrastructure/pg-board-ledger.reader';
import { PgBoardStateRepository } from './infrastructure/pg-board-state.repository';
import { PgLeagueRepository } from './infrastructure/pg-league.repository';
import { AllTimeRanksUseCase } from './usecases/all-time-ranks/all-time-ranks.usecase';
import { ApplyAwardsUseCase } from './usecases/apply-awards/apply-awards.usecase';
import { GetLeaderboardUseCase } from './usecases/get-leaderboard/get-leaderboard.usecase';
import { LeaguesUseCase } from './usecases/leagues/leagues.usecase';
import { MaintainLeaderboardsUseCase } from './usecases/maintain-leaderboards/maintain-leaderboards.usecase';

export { RedisRankStore, MemoryRankStore } from './adapters';

/** A logger that keeps nothing (a named fake). */
export const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Logger;

export function leaderboardContext(deps: { pool: SqlPool; ranks: RankStore; bus: MessageBus; packs: PackCatalog; config?: Partial<AppConfig>; logger?: Logger }) {
  const states = new PgBoardStateRepository(deps.pool);
  const config = { LEADERBOARD_PERIOD_INTERVAL_MS: 3_600_000, ...deps.config } as AppConfig;
  const leagues = new LeaguesUseCase(deps.packs, new PgLeagueRepository(deps.pool), deps.ranks, deps.bus, config, deps.logger ?? silentLogger);
  const boards = new GetLeaderboardUseCase(deps.packs, deps.ranks, states);
  return {
    /** The BoardUpdates port's implementation. */
    updates: new ApplyAwardsUseCase(deps.ranks, deps.packs, leagues),
    ranks: new AllTimeRanksUseCase(deps.ranks, deps.packs),
    leagues,
    boards,
    maintenance: new MaintainLeaderboardsUseCase(boards, new PgBoardLedgerReader(deps.pool), states, deps.ranks),
  };
}

/** The Redis key of a ranked set: for benchmarks that time raw Redis beside the adapter, and tests that simulate a lost Redis. */
export { LeaderboardKeys as RedisLayout } from './infrastructure/leaderboard-keys';
