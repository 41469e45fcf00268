/**
 * What a tenant's pack can publish back to its own topics (`outbound.events[].on`). One catalog
 * for the whole platform; each seed's pack maps the ones its seed names. Badges are achievements
 * here (one catalog, tiers included), so `achievement.unlocked` covers a badge awarded.
 */
export const OUTBOUND_KINDS = [
  'points.earned',
  'points.spent',
  'points.expired',
  'points.refunded',
  'points.adjusted',
  'level.up',
  'level.down',
  'achievement.unlocked',
  'achievement.revoked',
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
  'rank.computed',
  'rank.published',
  'rank.locked',
  'rank.reranked',
  'rank.removed',
  'league.promoted',
  'league.demoted',
  'league.stayed',
  'ranking.updated',
  'redemption.started',
  'redemption.finalized',
  'redemption.failed',
] as const;
export type OutboundKind = (typeof OUTBOUND_KINDS)[number];
