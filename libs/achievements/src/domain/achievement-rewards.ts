import { eventHeaders, Topics, userPartitionKey, type EventScoredMessage } from '@questline/contracts';
import type { MessageBus } from '@questline/messaging';
import type { Pack } from '@questline/rules';
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
