import { Inject, Injectable } from '@nestjs/common';
import { Topics, userPartitionKey, type AchievementUnlockedMessage, type PointsAwardedMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { ACHIEVEMENT_REPOSITORY, type AchievementRepository, type UnlockCandidate } from '../../domain/achievement.repository';

/** Unlocks balance-threshold achievements from points outcomes and publishes the unlocks. */
@Injectable()
export class EvaluateAchievementsUseCase {
  constructor(
    @Inject(ACHIEVEMENT_REPOSITORY) private readonly achievements: AchievementRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute(outcomes: PointsAwardedMessage[]): Promise<void> {
    const candidates: UnlockCandidate[] = [];
    for (const o of outcomes) {
      const pack = this.packs.get(o.tenantId);
      for (const a of pack?.achievements ?? []) {
        if (a.when.currency === o.currency && o.lifetime >= a.when.lifetimeAtLeast) {
          candidates.push({ tenantId: o.tenantId, userId: o.userId, achievementId: a.id, sourceEventId: o.eventId, ruleVersion: pack!.version });
        }
      }
    }
    const unlocked = await this.achievements.unlock(candidates);
    await this.bus.publish(
      Topics.AchievementUnlocked,
      unlocked.map((u) => {
        const def = this.packs.get(u.tenantId)?.achievements.find((a) => a.id === u.achievementId);
        const value: AchievementUnlockedMessage = {
          tenantId: u.tenantId,
          userId: u.userId,
          achievementId: u.achievementId,
          name: def?.name ?? u.achievementId,
          sourceEventId: u.sourceEventId,
          packVersion: u.ruleVersion,
          unlockedAt: u.unlockedAt,
        };
        return { key: userPartitionKey(u.tenantId, u.userId), value };
      }),
    );
  }
}
