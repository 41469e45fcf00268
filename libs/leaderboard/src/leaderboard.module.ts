import { Global, Module } from '@nestjs/common';
import { BOARD_RANKS, BOARD_UPDATES } from '@questline/contracts';
import { BOARD_LEDGER } from './domain/board-ledger.reader';
import { BOARD_STATE_REPOSITORY } from './domain/board-state.repository';
import { LEAGUE_REPOSITORY } from './domain/league.repository';
import { LeaderboardsController } from './http/leaderboards.controller';
import { LeaguesController } from './http/leagues.controller';
import { PgBoardLedgerReader } from './infrastructure/pg-board-ledger.reader';
import { PgBoardStateRepository } from './infrastructure/pg-board-state.repository';
import { PgLeagueRepository } from './infrastructure/pg-league.repository';
import { AllTimeRanksUseCase } from './usecases/all-time-ranks/all-time-ranks.usecase';
import { ApplyAwardsUseCase } from './usecases/apply-awards/apply-awards.usecase';
import { ExclusionsUseCase } from './usecases/exclusions/exclusions.usecase';
import { FinalizePeriodsUseCase } from './usecases/finalize-periods/finalize-periods.usecase';
import { GetLeaderboardUseCase } from './usecases/get-leaderboard/get-leaderboard.usecase';
import { LeaguesUseCase } from './usecases/leagues/leagues.usecase';
import { MaintainLeaderboardsUseCase } from './usecases/maintain-leaderboards/maintain-leaderboards.usecase';

/**
 * The leaderboard context: boards, windows and periods with their lifecycle, scopes, exclusions,
 * leagues, rebuild and reconcile. Boards are a view of the points ledger: points hands committed
 * awards over through BOARD_UPDATES and reads ranks through BOARD_RANKS (both exported here,
 * global so the points module needs no import of this one). The rank store (RANK_STORE) is wired
 * by the runtime.
 */
@Global()
@Module({
  controllers: [LeaderboardsController, LeaguesController],
  providers: [
    GetLeaderboardUseCase,
    MaintainLeaderboardsUseCase,
    FinalizePeriodsUseCase,
    ExclusionsUseCase,
    LeaguesUseCase,
    ApplyAwardsUseCase,
    AllTimeRanksUseCase,
    { provide: BOARD_UPDATES, useExisting: ApplyAwardsUseCase },
    { provide: BOARD_RANKS, useExisting: AllTimeRanksUseCase },
    { provide: LEAGUE_REPOSITORY, useClass: PgLeagueRepository },
    { provide: BOARD_STATE_REPOSITORY, useClass: PgBoardStateRepository },
    { provide: BOARD_LEDGER, useClass: PgBoardLedgerReader },
  ],
  exports: [BOARD_UPDATES, BOARD_RANKS],
})
export class LeaderboardModule {}
