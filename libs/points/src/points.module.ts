import { Module } from '@nestjs/common';
import { ScoredEventsConsumer } from './consumers/scored-events.consumer';
import { LEDGER_REPOSITORY } from './domain/ledger.repository';
import { LeaderboardsController } from './http/leaderboards.controller';
import { UsersController } from './http/users.controller';
import { PrismaLedgerRepository } from './infrastructure/prisma-ledger.repository';
import { GetLeaderboardUseCase } from './usecases/get-leaderboard/get-leaderboard.usecase';
import { ExpirePointsUseCase } from './usecases/expire-points/expire-points.usecase';
import { GetProfileUseCase } from './usecases/get-profile/get-profile.usecase';
import { MaintainLeaderboardsUseCase } from './usecases/maintain-leaderboards/maintain-leaderboards.usecase';
import { SpendUseCase } from './usecases/spend/spend.usecase';
import { RecordAwardsUseCase } from './usecases/record-awards/record-awards.usecase';

/** Points: the ledger, balances, levels and leaderboards. */
@Module({
  controllers: [LeaderboardsController, UsersController],
  providers: [
    RecordAwardsUseCase,
    GetLeaderboardUseCase,
    GetProfileUseCase,
    SpendUseCase,
    ExpirePointsUseCase,
    MaintainLeaderboardsUseCase,
    ScoredEventsConsumer,
    { provide: LEDGER_REPOSITORY, useClass: PrismaLedgerRepository },
  ],
})
export class PointsModule {}
