import { eventHeaders, Topics, userPartitionKey, type AchievementUnlockedMessage, type EventScoredMessage } from '@questline/contracts';
import type { MessageBus } from '@questline/messaging';
import { userLevel, type BadgeInputs, type Pack } from '@questline/rules';
import { describeAchievement } from './achievement-names';
import type { UnlockView } from './achievement.repository';

/** The award key of an achievement's reward (seed 000's `award_key`): one credit per user and achievement, ever. */
export const badgeAwardKey = (achievementId: string, userId: string) => `badge:${achievementId}:${userId}`;

/**
 * Sends the rewards attached to these unlocks to points as scored messages for the events that
 * caused them. The award key makes every redelivery (and every path that unlocks: events, grants,
 * batch evaluation) credit once.
 */
export async function creditRewards(bus: MessageBus, packOf: (tenantId: string) => Pack | undefined, unlocks: UnlockView[]): Promise<void> {
  const out = unlocks.flatMap((u) => {
    const def = packOf(u.tenantId)?.achievements.find((a) => a.id === u.achievementId);
    if (!def?.reward) return [];
    const value: EventScoredMessage = {
      event: { id: u.sourceEventId, type: 'achievement.unlocked', tenantId: u.tenantId, userId: u.userId, occurredAt: u.unlockedAt },
      packVersion: u.ruleVersion,
      awards: [{ userId: u.userId, currency: def.reward.currency, amount: def.reward.amount, ruleId: `badge:${u.achievementId}`, ruleVersion: u.ruleVersion, idempotencyKey: badgeAwardKey(u.achievementId, u.userId) }],
      reward: { achievementId: u.achievementId },
    };
    return [{ key: userPartitionKey(u.tenantId, u.userId), value, headers: eventHeaders(u.tenantId, u.sourceEventId) }];
  });
  if (out.length > 0) await bus.publish(Topics.EventScored, out);
}

/** Every path that unlocks (events, grants, batch evaluation) announces the same way: rewards credited, then the unlocks published. */
export async function announceUnlocks(bus: MessageBus, packOf: (tenantId: string) => Pack | undefined, unlocks: UnlockView[]): Promise<void> {
  if (unlocks.length === 0) return;
  await creditRewards(bus, packOf, unlocks);
  await bus.publish(
    Topics.AchievementUnlocked,
    unlocks.map((u) => {
      const value: AchievementUnlockedMessage = {
        tenantId: u.tenantId,
        userId: u.userId,
        achievementId: u.achievementId,
        name: describeAchievement(packOf(u.tenantId), u.achievementId).name,
        sourceEventId: u.sourceEventId,
        packVersion: u.ruleVersion,
        unlockedAt: u.unlockedAt,
      };
      return { key: userPartitionKey(u.tenantId, u.userId), value };
    }),
  );
}

/** What badge progress is computed from, for one user's balances and progress entries. */
export function badgeInputs(pack: Pack, standing: { balances: ReadonlyMap<string, { lifetime: number; net: number }>; progress: ReadonlyMap<string, unknown> }): BadgeInputs {
  return {
    lifetime: (c) => standing.balances.get(c)?.lifetime ?? 0,
    level: userLevel(pack.levels, pack.levels ? standing.balances.get(pack.levels.currency) : undefined),
    progress: standing.progress,
    nowMs: Date.now(),
  };
}
