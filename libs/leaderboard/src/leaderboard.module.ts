import { Global, Module } from '@nestjs/common';
import { BOARD_RANKS, BOARD_UPDATES } from '@questline/contracts';
import { BOARD_LEDGER } from './domain/board-ledger.reader';
import { BOARD_STATE_REPOSITORY } from './domain/board-state.repository';
import { LEAGUE_REPOSITORY } from './domain/league.repository';
import { LeaderboardsController } from './http/leaderboards.controller';
import { LeaguesController } from './http/leagues.controller';
import { BoardStreamsController } from './http/board-streams.controller';
import { BoardStreams } from './usecases/stream-board/board-streams';
import { RankingAnnouncer } from './usecases/announce-rankings/ranking-announcer';
import { ANNOUNCEMENT_STORE } from './domain/announcement.store';
import { PgAnnouncementStore } from './infrastructure/pg-announcement.store';
import { PgBoardLedgerReader } from './infrastructure/pg-board-ledger.reader';
import { PgBoardStateRepository } from './infrastructure/pg-board-state.repository';
import { PgLeagueRepository } from './infrastructure/pg-league.repository';
import { AllTimeRanksUseCase } from './usecases/all-time-ranks/all-time-ranks.usecase';
import { ApplyAwardsUseCase } from './usecases/apply-awards/apply-awards.usecase';
import { ExcludeUserUseCase } from './usecases/exclude-user/exclude-user.usecase';
import { BoardExclusions } from './usecases/exclusions/board-exclusions';
import { FinalizePeriodsUseCase } from './usecases/finalize-periods/finalize-periods.usecase';
import { PeriodStandings } from './usecases/finalize-periods/period-standings';
import { GetBoardPageUseCase } from './usecases/get-board-page/get-board-page.usecase';
import { GetBoardStandingUseCase } from './usecases/get-board-standing/get-board-standing.usecase';
import { GetLeagueStandingUseCase } from './usecases/get-league-standing/get-league-standing.usecase';
import { GetUserRanksUseCase } from './usecases/get-user-ranks/get-user-ranks.usecase';
import { IncludeUserUseCase } from './usecases/include-user/include-user.usecase';
import { LeagueSeating } from './usecases/leagues/league-seating';
import { ListExclusionsUseCase } from './usecases/list-exclusions/list-exclusions.usecase';
import { BoardLocator } from './usecases/locate-board/board-locator';
import { RebuildBoardUseCase } from './usecases/rebuild-board/rebuild-board.usecase';
import { RebuildLiveBoardsUseCase } from './usecases/rebuild-live-boards/rebuild-live-boards.usecase';
import { ReconcileBoardUseCase } from './usecases/reconcile-board/reconcile-board.usecase';
import { SetLeaderboardVisibilityUseCase } from './usecases/set-leaderboard-visibility/set-leaderboard-visibility.usecase';
import { SettleLeagueWeeksUseCase } from './usecases/settle-league-weeks/settle-league-weeks.usecase';

/**
 * The leaderboard context: boards, windows and periods with their lifecycle, scopes, exclusions,
 * leagues, rebuild and reconcile. Boards are a view of the points ledger: points hands committed
 * awards over through BOARD_UPDATES and reads ranks through BOARD_RANKS (both exported here,
 * global so the points module needs no import of this one). The rank store (RANK_STORE) is wired
 * by the runtime.
 */
@Global()
@Module({
  controllers: [LeaderboardsController, LeaguesController, BoardStreamsController],
  providers: [
    // helpers shared by the use cases
    BoardLocator,
    PeriodStandings,
    BoardExclusions,
    LeagueSeating,
    BoardStreams,
    RankingAnnouncer,
    // use cases
    GetBoardPageUseCase,
    GetBoardStandingUseCase,
    GetUserRanksUseCase,
    RebuildBoardUseCase,
    RebuildLiveBoardsUseCase,
    ReconcileBoardUseCase,
    FinalizePeriodsUseCase,
    ListExclusionsUseCase,
    ExcludeUserUseCase,
    IncludeUserUseCase,
    SetLeaderboardVisibilityUseCase,
    SettleLeagueWeeksUseCase,
    GetLeagueStandingUseCase,
    ApplyAwardsUseCase,
    AllTimeRanksUseCase,
    { provide: BOARD_UPDATES, useExisting: ApplyAwardsUseCase },
    { provide: BOARD_RANKS, useExisting: AllTimeRanksUseCase },
    { provide: LEAGUE_REPOSITORY, useClass: PgLeagueRepository },
    { provide: BOARD_STATE_REPOSITORY, useClass: PgBoardStateRepository },
    { provide: BOARD_LEDGER, useClass: PgBoardLedgerReader },
    { provide: ANNOUNCEMENT_STORE, useClass: PgAnnouncementStore },
  ],
  exports: [BOARD_UPDATES, BOARD_RANKS],
})
export class LeaderboardModule {}
