import { Inject, Injectable } from '@nestjs/common';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { describeAchievement } from '../../domain/achievement-names';
import { ACHIEVEMENT_REPOSITORY, type AchievementRepository } from '../../domain/achievement.repository';

/** A user's unlocked achievements, named from the tenant's pack. */
@Injectable()
export class ListAchievementsUseCase {
  constructor(
    @Inject(ACHIEVEMENT_REPOSITORY) private readonly achievements: AchievementRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  async execute({ tenantId, userId }: { tenantId: string; userId: string }) {
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
