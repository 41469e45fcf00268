import { Module } from '@nestjs/common';
import { ScoredEventsConsumer } from './consumers/scored-events.consumer';
import { BOARD_STATE_REPOSITORY } from './domain/board-state.repository';
import { LEAGUE_REPOSITORY } from './domain/league.repository';
import { LEDGER_REPOSITORY } from './domain/ledger.repository';
import { LeaderboardsController } from './http/leaderboards.controller';
import { LeaguesController } from './http/leagues.controller';
import { UsersController } from './http/users.controller';
import { PgBoardStateRepository } from './infrastructure/pg-board-state.repository';
import { PgLeagueRepository } from './infrastructure/pg-league.repository';
import { PrismaLedgerRepository } from './infrastructure/prisma-ledger.repository';
import { LeaguesUseCase } from './usecases/leagues/leagues.usecase';
import { ExclusionsUseCase } from './usecases/exclusions/exclusions.usecase';
import { FinalizePeriodsUseCase } from './usecases/finalize-periods/finalize-periods.usecase';
import { GetLeaderboardUseCase } from './usecases/get-leaderboard/get-leaderboard.usecase';
import { ExpirePointsUseCase } from './usecases/expire-points/expire-points.usecase';
import { GetProfileUseCase } from './usecases/get-profile/get-profile.usecase';
import { MaintainLeaderboardsUseCase } from './usecases/maintain-leaderboards/maintain-leaderboards.usecase';
import { SpendUseCase } from './usecases/spend/spend.usecase';
import { RecordAwardsUseCase } from './usecases/record-awards/record-awards.usecase';

/** Points: the ledger, balances, levels and leaderboards. */
@Module({
  controllers: [LeaderboardsController, LeaguesController, UsersController],
  providers: [
    RecordAwardsUseCase,
    GetLeaderboardUseCase,
    GetProfileUseCase,
    SpendUseCase,
    ExpirePointsUseCase,
    MaintainLeaderboardsUseCase,
    ScoredEventsConsumer,
    FinalizePeriodsUseCase,
    ExclusionsUseCase,
    LeaguesUseCase,
    { provide: LEAGUE_REPOSITORY, useClass: PgLeagueRepository },
    { provide: LEDGER_REPOSITORY, useClass: PrismaLedgerRepository },
    { provide: BOARD_STATE_REPOSITORY, useClass: PgBoardStateRepository },
  ],
})
export class PointsModule {}
