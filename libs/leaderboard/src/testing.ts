// Test seam (immich's medium factory idea): the leaderboard context wired with real adapters and
// whatever the caller passes for the rest. For tests only — the boundary lint forbids it elsewhere.
import type { MessageBus } from '@questline/messaging';
import type { SqlPool } from '@questline/persistence';
import type { PackCatalog } from '@questline/rules';
import type { RankStore } from './domain/rank-store.port';
import { PgBoardLedgerReader } from './infrastructure/pg-board-ledger.reader';
import { PgBoardStateRepository } from './infrastructure/pg-board-state.repository';
import { PgLeagueRepository } from './infrastructure/pg-league.repository';
import { AllTimeRanksUseCase } from './usecases/all-time-ranks/all-time-ranks.usecase';
import { ApplyAwardsUseCase } from './usecases/apply-awards/apply-awards.usecase';
import { GetLeagueStandingUseCase } from './usecases/get-league-standing/get-league-standing.usecase';
import { LeagueSeating } from './usecases/leagues/league-seating';
import { BoardLocator } from './usecases/locate-board/board-locator';
import { PeriodStandings } from './usecases/finalize-periods/period-standings';
import { RebuildBoardUseCase } from './usecases/rebuild-board/rebuild-board.usecase';
import { ReconcileBoardUseCase } from './usecases/reconcile-board/reconcile-board.usecase';
import { GetBoardPageUseCase } from './usecases/get-board-page/get-board-page.usecase';
import { RankingAnnouncer } from './usecases/announce-rankings/ranking-announcer';
import { PgAnnouncementStore } from './infrastructure/pg-announcement.store';
import type { AppConfig, Logger } from '@questline/platform';

export { RedisRankStore, MemoryRankStore } from './adapters';

export function leaderboardContext(deps: { pool: SqlPool; ranks: RankStore; bus: MessageBus; packs: PackCatalog }) {
  const states = new PgBoardStateRepository(deps.pool);
  const ledger = new PgBoardLedgerReader(deps.pool);
  const leagueRepo = new PgLeagueRepository(deps.pool);
  const locator = new BoardLocator(deps.packs, states, ledger);
  const standings = new PeriodStandings(deps.packs, ledger, states, deps.ranks, deps.bus);
  const config = { LEADERBOARD_UPDATES_TICK_MS: 60_000, LEADERBOARD_UPDATES_SCALE: 0.001 } as AppConfig;
  const quiet = { warn: () => undefined } as unknown as Logger;
  const announcer = new RankingAnnouncer(new GetBoardPageUseCase(locator, deps.ranks, states), new PgAnnouncementStore(deps.pool), deps.bus, deps.packs, config, quiet);
  return {
    /** The BoardUpdates port's implementation. */
    updates: new ApplyAwardsUseCase(deps.ranks, deps.packs, new LeagueSeating(deps.packs, leagueRepo), announcer),
    /** Board announcements: call `tick()` to announce what is due (throttles scaled to a few ms). */
    announcer,
    ranks: new AllTimeRanksUseCase(deps.ranks, deps.packs),
    leagueStanding: new GetLeagueStandingUseCase(deps.packs, leagueRepo, deps.ranks),
    rebuild: new RebuildBoardUseCase(locator, ledger, states, deps.ranks, standings, { record: async () => undefined }),
    reconcile: new ReconcileBoardUseCase(locator, standings, deps.ranks),
  };
}

/** The Redis key of a ranked set: for benchmarks that time raw Redis beside the adapter, and tests that simulate a lost Redis. */
export { LeaderboardKeys as RedisLayout } from './infrastructure/leaderboard-keys';
