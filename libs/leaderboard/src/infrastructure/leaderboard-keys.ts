import type { BoardPeriodRef, RankedSetRef } from '../domain/rank-store.port';

/**
 * The rank stores' key layout — known to the adapters only. The `{tenant}` hash tag keeps one
 * tenant's boards and guards on one Redis Cluster slot, so the guarded multi-key update stays
 * atomic there too. A scoped board appends `~<dimension>=<value>` (value URI-encoded) to its
 * period: every key of a board starts with `boardPrefix`.
 */
export const LeaderboardKeys = {
  of(set: RankedSetRef): string {
    return set.kind === 'board'
      ? `ql:{${set.tenantId}}:lb:${set.boardId}:${set.period}${set.scope ? `~${set.scope.dimension}=${encodeURIComponent(set.scope.value)}` : ''}`
      : `ql:{${set.tenantId}}:lg:${set.leagueId}:${set.week}:${set.tier}:${set.cohort}`;
  },
  boardPrefix: (tenantId: string, boardId: string) => `ql:{${tenantId}}:lb:${boardId}:`,
  guard: (tenantId: string, awardKey: string) => `ql:{${tenantId}}:lbg:${awardKey}`,
  /** Users kept off every board of the tenant (opt-out, hidden, moderation). */
  excluded: (tenantId: string) => `ql:{${tenantId}}:lbx`,
  /** The board period a key under `boardPrefix(tenantId, boardId)` stands for. */
  parse(tenantId: string, boardId: string, key: string): BoardPeriodRef {
    const rest = key.slice(LeaderboardKeys.boardPrefix(tenantId, boardId).length);
    const tilde = rest.indexOf('~');
    if (tilde < 0) return { kind: 'board', tenantId, boardId, period: rest };
    const eq = rest.indexOf('=', tilde);
    return { kind: 'board', tenantId, boardId, period: rest.slice(0, tilde), scope: { dimension: rest.slice(tilde + 1, eq), value: decodeURIComponent(rest.slice(eq + 1)) } };
  },
};
