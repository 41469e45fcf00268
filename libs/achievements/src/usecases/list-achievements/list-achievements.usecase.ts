import { Inject, Injectable } from '@nestjs/common';
import { PACK_CATALOG, badgeProgress, type PackCatalog } from '@questline/rules';
import { badgeInputs } from '../../domain/achievement-rewards';
import { describeAchievement } from '../../domain/achievement-names';
import { ACHIEVEMENT_REPOSITORY, type AchievementRepository } from '../../domain/achievement.repository';

/**
 * A user's unlocked achievements, named from the tenant's pack, and how far they are toward each
 * one not unlocked yet (secret ones stay hidden until unlocked).
 */
@Injectable()
export class ListAchievementsUseCase {
  constructor(
    @Inject(ACHIEVEMENT_REPOSITORY) private readonly achievements: AchievementRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  async execute({ tenantId, userId }: { tenantId: string; userId: string }) {
    const pack = this.packs.get(tenantId);
    const [unlocked, standing] = await Promise.all([this.achievements.list(tenantId, userId), this.achievements.standing(tenantId, userId)]);
    const held = new Set(unlocked.map((u) => u.achievementId));
    const inputs = pack ? badgeInputs(pack, standing) : undefined;
    return {
      userId,
      achievements: unlocked.map((u) => ({
        id: u.achievementId,
        ...describeAchievement(pack, u.achievementId),
        unlockedAt: u.unlockedAt,
        sourceEventId: u.sourceEventId,
      })),
      /** Achievements not unlocked yet (secret ones left out): `current` of `target` in the criterion's unit, and the percentage. */
      inProgress: (pack?.achievements ?? [])
        .filter((a) => !held.has(a.id) && !a.secret)
        .map((a) => {
          const { current, target } = badgeProgress(pack!, a, inputs!);
          return { id: a.id, name: a.name, description: a.description ?? null, current, target, percent: Math.min(100, Math.floor((current / target) * 100)) };
        }),
    };
  }
}
