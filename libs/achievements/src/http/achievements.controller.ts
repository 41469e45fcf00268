import { Controller, Get, Inject, Param } from '@nestjs/common';
import { RequireScope, TenantId } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
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
    const defs = new Map((this.packs.get(tenantId)?.achievements ?? []).map((a) => [a.id, a]));
    const unlocked = await this.achievements.list(tenantId, userId);
    return {
      userId,
      achievements: unlocked.map((u) => ({
        id: u.achievementId,
        name: defs.get(u.achievementId)?.name ?? u.achievementId,
        description: defs.get(u.achievementId)?.description ?? null,
        unlockedAt: u.unlockedAt,
        sourceEventId: u.sourceEventId,
      })),
    };
  }
}
