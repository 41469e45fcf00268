export * from './achievements.module';
export { EvaluateAchievementsUseCase } from './usecases/evaluate-achievements/evaluate-achievements.usecase';
export { PrismaAchievementRepository } from './infrastructure/prisma-achievement.repository';
