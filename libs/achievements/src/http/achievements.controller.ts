import { Controller, Get, Inject, Param } from '@nestjs/common';
import { RequireScope, TenantId } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { describeAchievement } from '../domain/achievement-names';
import { ACHIEVEMENT_REPOSITORY, type AchievementRepository } from '../domain/achievement.repository';

@RequireScope('read')
@Controller('v1/users/:userId/achievements')
export class AchievementsController {
  constructor(
    @Inject(ACHIEVEMENT_REPOSITORY) private readonly achievements: AchievementRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  @Get()
  async list(@TenantId() tenantId: string, @Param('userId') userId: string) {
    const pack = this.packs.get(tenantId);
    const unlocked = await this.achievements.list(tenantId, userId);
    return {
      userId,
      achievements: unlocked.map((u) => ({
        id: u.achievementId,
        ...describeAchievement(pack, u.achievementId),
        unlockedAt: u.unlockedAt,
        sourceEventId: u.sourceEventId,
      })),
    };
  }
}
