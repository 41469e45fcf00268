/**
 * Redis key layout. The `{tenant}` hash tag keeps one tenant's boards and guards on one cluster slot,
 * so the guarded multi-key update stays atomic under Redis Cluster too.
 */
export const LeaderboardKeys = {
  board: (tenantId: string, boardId: string, period: string) => `ql:{${tenantId}}:lb:${boardId}:${period}`,
  guard: (tenantId: string, awardKey: string) => `ql:{${tenantId}}:lbg:${awardKey}`,
};

export const ALL_TIME = 'all';
