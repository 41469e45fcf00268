import { Module } from '@nestjs/common';
import { ScoredEventsConsumer } from './consumers/scored-events.consumer';
import { LEDGER_REPOSITORY } from './domain/ledger.repository';
import { RedemptionsController, RewardsAdminController, RewardsController } from './http/rewards.controller';
import { UsersController } from './http/users.controller';
import { AdjustmentsController } from './http/adjustments.controller';
import { AdjustBalanceUseCase } from './usecases/adjust/adjust-balance.usecase';
import { REWARDS_REPOSITORY } from './domain/rewards.repository';
import { PgRewardsRepository } from './infrastructure/pg-rewards.repository';
import { AchievementGrants } from './usecases/rewards/achievement-grants';
import { RewardsUseCase } from './usecases/rewards/rewards.usecase';
import { PrismaLedgerRepository } from './infrastructure/prisma-ledger.repository';
import { ExpirePointsUseCase } from './usecases/expire-points/expire-points.usecase';
import { GetLedgerUseCase } from './usecases/get-ledger/get-ledger.usecase';
import { GetProfileUseCase } from './usecases/get-profile/get-profile.usecase';
import { RecordAwardsUseCase } from './usecases/record-awards/record-awards.usecase';
import { SpendUseCase } from './usecases/spend/spend.usecase';

/**
 * The points context: the append-only ledger, balances and levels, spend, refund and expiry, and
 * the rewards catalog with its redemptions (spent from the same ledger in the same transaction).
 * Leaderboards are another context (libs/leaderboard): points hands them committed awards through
 * BOARD_UPDATES and reads a user's ranks through BOARD_RANKS, the two tokens of libs/contracts.
 */
@Module({
  controllers: [UsersController, RewardsController, RedemptionsController, RewardsAdminController, AdjustmentsController],
  providers: [
    RecordAwardsUseCase,
    GetProfileUseCase,
    GetLedgerUseCase,
    SpendUseCase,
    AdjustBalanceUseCase,
    ExpirePointsUseCase,
    ScoredEventsConsumer,
    RewardsUseCase,
    AchievementGrants,
    { provide: LEDGER_REPOSITORY, useClass: PrismaLedgerRepository },
    { provide: REWARDS_REPOSITORY, useClass: PgRewardsRepository },
  ],
})
export class PointsModule {}
