import { GetCatalogueUseCase } from './usecases/get-catalogue/get-catalogue.usecase';
import { ListAchievementsUseCase } from './usecases/list-achievements/list-achievements.usecase';
import { Module } from '@nestjs/common';
import { PointsOutcomesConsumer } from './consumers/points-outcomes.consumer';
import { ACHIEVEMENT_REPOSITORY } from './domain/achievement.repository';
import { AchievementCatalogueController, AchievementsAdminController, AchievementsBatchController, AchievementsController } from './http/achievements.controller';
import { AdminAchievementsUseCase } from './usecases/admin-achievements/admin-achievements.usecase';
import { PrismaAchievementRepository } from './infrastructure/prisma-achievement.repository';
import { EvaluateAchievementsUseCase } from './usecases/evaluate-achievements/evaluate-achievements.usecase';

/** Achievements: badges unlocked from points outcomes. */
@Module({
  controllers: [AchievementsController, AchievementCatalogueController, AchievementsAdminController, AchievementsBatchController],
  providers: [
    AdminAchievementsUseCase,
    ListAchievementsUseCase,
    GetCatalogueUseCase,
    EvaluateAchievementsUseCase,
    PointsOutcomesConsumer,
    { provide: ACHIEVEMENT_REPOSITORY, useClass: PrismaAchievementRepository },
  ],
})
export class AchievementsModule {}
