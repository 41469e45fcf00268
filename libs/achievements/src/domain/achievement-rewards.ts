import { eventHeaders, Topics, userPartitionKey, type AchievementRevokedMessage, type AchievementUnlockedMessage, type EventScoredMessage } from '@questline/contracts';
import type { MessageBus } from '@questline/messaging';
import { achievementById, userLevel, type AchievementDef, type BadgeInputs, type Pack } from '@questline/rules';
import { describeAchievement } from './achievement-names';
import type { UnlockView } from './achievement.repository';

/**
 * The award key of an achievement's reward (seed 000's `award_key`, and the `grant_key` of an item
 * it grants): one per user and achievement, ever — per occurrence for a repeatable one.
 */
export const badgeAwardKey = (achievementId: string, userId: string, occurrence = '') => `badge:${achievementId}:${userId}${occurrence ? `:${occurrence}` : ''}`;

type PackOf = (tenantId: string) => Pack | undefined;

/**
 * The scored message that gives (or, `clawback`, takes back) an unlock's reward: its points as
 * awards keyed by the award key, its item as a grant points carries out under the same key. Points
 * reports no event status for it (the event was processed already).
 */
function rewardMessage(def: AchievementDef, u: UnlockView, clawback: { sourceEventId: string; at: string } | null) {
  const reward = def.reward!;
  const key = badgeAwardKey(u.achievementId, u.userId, u.occurrence);
  const sourceEventId = clawback?.sourceEventId ?? u.sourceEventId;
  const value: EventScoredMessage = {
    event: { id: sourceEventId, type: clawback ? 'achievement.revoked' : 'achievement.unlocked', tenantId: u.tenantId, userId: u.userId, occurredAt: clawback?.at ?? u.unlockedAt },
    packVersion: u.ruleVersion,
    awards:
      reward.currency && reward.amount
        ? [
            {
              userId: u.userId,
              currency: reward.currency,
              amount: clawback ? -reward.amount : reward.amount,
              ruleId: `badge:${u.achievementId}`,
              ruleVersion: u.ruleVersion,
              idempotencyKey: clawback ? `${key}:clawback` : key,
            },
          ]
        : [],
    reward: { achievementId: u.achievementId, ...(reward.item ? { item: reward.item, grantKey: key } : {}), ...(clawback ? { clawback: true } : {}) },
  };
  return { key: userPartitionKey(u.tenantId, u.userId), value, headers: eventHeaders(u.tenantId, sourceEventId) };
}

/**
 * Sends the rewards attached to these unlocks to points as scored messages for the events that
 * caused them. The award key makes every redelivery (and every path that unlocks: events, grants,
 * batch evaluation) credit once.
 */
export async function creditRewards(bus: MessageBus, packOf: PackOf, unlocks: UnlockView[]): Promise<void> {
  const out = unlocks.flatMap((u) => {
    const def = achievementById(packOf(u.tenantId), u.achievementId);
    return def?.reward ? [rewardMessage(def, u, null)] : [];
  });
  if (out.length > 0) await bus.publish(Topics.EventScored, out);
}

/** Every path that unlocks (events, grants, batch evaluation) announces the same way: rewards credited, then the unlocks published. */
export async function announceUnlocks(bus: MessageBus, packOf: PackOf, unlocks: UnlockView[]): Promise<void> {
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
        ...(u.occurrence ? { occurrence: u.occurrence } : {}),
        ...(u.basis ? { basis: { ...u.basis } } : {}),
      };
      return { key: userPartitionKey(u.tenantId, u.userId), value };
    }),
  );
}

/**
 * Every path that revokes (an admin, a lost level, `revokeWhenLost`) announces the same way,
 * BEFORE the unlocks are deleted — a crash in between repeats the announcement under the same
 * keys rather than losing it: rewards of `onRevoke: clawback` achievements taken back (points
 * debited under `<award key>:clawback`, a granted item failed and its unit returned), then the
 * revocations published with their reason.
 */
export async function announceRevocations(
  bus: MessageBus,
  packOf: PackOf,
  revoked: UnlockView[],
  cause: { sourceEventId: string; reason: string; level: number; at?: string },
): Promise<void> {
  if (revoked.length === 0) return;
  const at = cause.at ?? new Date().toISOString();
  const clawbacks = revoked.flatMap((u) => {
    const def = achievementById(packOf(u.tenantId), u.achievementId);
    return def?.reward && def.onRevoke === 'clawback' ? [rewardMessage(def, u, { sourceEventId: cause.sourceEventId, at })] : [];
  });
  if (clawbacks.length > 0) await bus.publish(Topics.EventScored, clawbacks);
  const clawed = new Set(clawbacks.map((m) => `${m.value.event.userId}|${m.value.reward!.achievementId}`));
  await bus.publish(
    Topics.AchievementRevoked,
    revoked.map((u) => {
      const pack = packOf(u.tenantId);
      const value: AchievementRevokedMessage = {
        tenantId: u.tenantId,
        userId: u.userId,
        achievementId: u.achievementId,
        name: describeAchievement(pack, u.achievementId).name,
        level: cause.level,
        sourceEventId: cause.sourceEventId,
        packVersion: pack?.version ?? u.ruleVersion,
        revokedAt: at,
        reason: cause.reason,
        ...(clawed.has(`${u.userId}|${u.achievementId}`) ? { clawback: true } : {}),
      };
      return { key: userPartitionKey(u.tenantId, u.userId), value };
    }),
  );
}

/** What badge progress is computed from, for one user's balances and progress entries (at `nowMs`: a streak's current length then). */
export function badgeInputs(
  pack: Pack,
  standing: { balances: ReadonlyMap<string, { lifetime: number; net: number }>; progress: ReadonlyMap<string, unknown> },
  nowMs = Date.now(),
): BadgeInputs {
  return {
    lifetime: (c) => standing.balances.get(c)?.lifetime ?? 0,
    level: userLevel(pack.levels, pack.levels ? standing.balances.get(pack.levels.currency) : undefined),
    progress: standing.progress,
    nowMs,
  };
}
