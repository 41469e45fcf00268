/**
 * Redis key layout. The `{tenant}` hash tag keeps one tenant's boards and guards on one cluster slot,
 * so the guarded multi-key update stays atomic under Redis Cluster too. A scoped board appends
 * `~<dimension>=<value>` (value URI-encoded) to its period: every key of a board starts with
 * `boardPrefix`.
 */
export const LeaderboardKeys = {
  board: (tenantId: string, boardId: string, period: string, scope?: { dimension: string; value: string }) =>
    `ql:{${tenantId}}:lb:${boardId}:${period}${scope ? `~${scope.dimension}=${encodeURIComponent(scope.value)}` : ''}`,
  boardPrefix: (tenantId: string, boardId: string) => `ql:{${tenantId}}:lb:${boardId}:`,
  guard: (tenantId: string, awardKey: string) => `ql:{${tenantId}}:lbg:${awardKey}`,
  /** Users kept off every board of the tenant (opt-out, hidden, moderation). */
  excluded: (tenantId: string) => `ql:{${tenantId}}:lbx`,
  /** A league cohort's week. */
  cohort: (tenantId: string, leagueId: string, week: string, tier: string, cohort: number) => `ql:{${tenantId}}:lg:${leagueId}:${week}:${tier}:${cohort}`,
};

export const ALL_TIME = 'all';
