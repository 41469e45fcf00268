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
    const now = Date.now();
    const inputs = pack ? badgeInputs(pack, standing, now) : undefined;
    return {
      userId,
      achievements: unlocked.map((u) => ({
        id: u.achievementId,
        ...describeAchievement(pack, u.achievementId),
        unlockedAt: u.unlockedAt,
        sourceEventId: u.sourceEventId,
        ruleVersion: u.ruleVersion,
        /** Which occurrence of a repeatable achievement (its period, day or instance); null for a once-only one. */
        occurrence: u.occurrence || null,
        /** The criterion values that caused the unlock (`current`, `target`, and `parts` of a combination); null for unlocks before this was kept. */
        basis: u.basis as Record<string, unknown> | null,
      })),
      /**
       * Achievements not unlocked yet (secret ones, and time-limited ones whose window has closed, left out): `current` of `target` in the criterion's unit and the percentage;
       * `parts` for `all` / `any`.
       */
      inProgress: (pack?.achievements ?? [])
        .filter((a) => !held.has(a.id) && !a.secret && (!a.availableUntil || now < Date.parse(a.availableUntil)))
        .map((a) => {
          const { current, target, parts } = badgeProgress(pack!, a, inputs!);
          return {
            id: a.id,
            name: a.name,
            description: a.description ?? null,
            class: a.class ?? null,
            current,
            target,
            percent: Math.min(100, Math.floor((current / target) * 100)),
            ...(parts ? { parts } : {}),
          };
        }),
    };
  }
}
