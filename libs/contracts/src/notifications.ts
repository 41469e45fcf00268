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
 * Whether a pattern takes in a dotted name: the name itself, `*`, or its family (`streak.*` takes
 * `streak.broken`; `knowledge.*` takes `knowledge.answer.accepted`). Event types in rules and
 * notification kinds in mutes and webhook endpoints read this way.
 */
export function nameMatches(pattern: string, name: string): boolean {
  return pattern === name || pattern === '*' || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1)));
}

/** Whether any of a list of kind patterns takes in a notification kind (nameMatches): a user's or a pack's mutes, a webhook endpoint's kinds. */
export function kindMatches(patterns: readonly string[], kind: string): boolean {
  return patterns.some((p) => nameMatches(p, kind));
}
