import { Inject, Injectable } from '@nestjs/common';
import { Topics, userPartitionKey, type AchievementUnlockedMessage, type PointsAwardedMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { PACK_CATALOG, levelFor, type PackCatalog } from '@questline/rules';
import { describeAchievement, levelAchievementId } from '../../domain/achievement-names';
import { ACHIEVEMENT_REPOSITORY, type AchievementRepository, type UnlockCandidate } from '../../domain/achievement.repository';

/**
 * Unlocks balance-threshold achievements and level-ups (levels from LIFETIME earned, per the
 * pack's curve) from points outcomes, and publishes the unlocks. Every level up to the current one
 * is a candidate and unlocks are unique per user, so redeliveries and several awards in one batch
 * can neither skip a level nor announce one twice.
 */
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
    for (const o of outcomes) {
      const pack = this.packs.get(o.tenantId);
      if (!pack?.levels || pack.levels.currency !== o.currency) continue;
      const { level } = levelFor(pack.levels, o.lifetime);
      for (let n = 2; n <= level; n++) {
        candidates.push({ tenantId: o.tenantId, userId: o.userId, achievementId: levelAchievementId(n), sourceEventId: o.eventId, ruleVersion: pack.version });
      }
    }
    const unlocked = await this.achievements.unlock(candidates);
    await this.bus.publish(
      Topics.AchievementUnlocked,
      unlocked.map((u) => {

        const value: AchievementUnlockedMessage = {
          tenantId: u.tenantId,
          userId: u.userId,
          achievementId: u.achievementId,
          name: describeAchievement(this.packs.get(u.tenantId), u.achievementId).name,
          sourceEventId: u.sourceEventId,
          packVersion: u.ruleVersion,
          unlockedAt: u.unlockedAt,
        };
        return { key: userPartitionKey(u.tenantId, u.userId), value };
      }),
    );
  }
}
