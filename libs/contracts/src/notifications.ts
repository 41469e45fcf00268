/**
 * Every kind of notification the platform records (the feed, streams and webhooks carry these).
 * Packs name them for templates and batching; webhook endpoints subscribe to them.
 */
export const NOTIFICATION_KINDS = [
  'points.awarded',
  'points.corrected',
  'points.spent',
  'points.refunded',
  'points.expired',
  'achievement.unlocked',
  'achievement.revoked',
  'redemption.started',
  'redemption.finalized',
  'redemption.failed',
  'leaderboard.rank.published',
  'leaderboard.rank.reranked',
  'leaderboard.rank.removed',
  'leaderboard.league.promoted',
  'leaderboard.league.demoted',
  'leaderboard.league.stayed',
  'streak.started',
  'streak.continued',
  'streak.milestone',
  'streak.freeze_used',
  'streak.broken',
  'streak.repaired',
  'mission.assigned',
  'mission.completed',
  'quest.step_completed',
  'quest.completed',
  'quest.expired',
  'counter.milestone',
  'metric.milestone',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Whether a list of kind patterns takes in a notification kind: the kind itself, `*`, or its family
 * (`streak.*`). A user's mutes, a pack's mutes and a webhook endpoint's kinds all read this way.
 */
export function kindMatches(patterns: readonly string[], kind: string): boolean {
  return patterns.some((p) => p === kind || p === '*' || (p.endsWith('.*') && kind.startsWith(p.slice(0, -1))));
}
