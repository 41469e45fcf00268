export const RANK_STORE = Symbol('RANK_STORE');

export type TiePolicy = 'competition' | 'dense';

/** A board's scope: the entries whose event had `value` for `dimension`. */
export interface BoardScope {
  dimension: string;
  value: string;
}

/** One period of one board of one tenant, globally or within one scope value. */
export interface BoardPeriodRef {
  kind: 'board';
  tenantId: string;
  boardId: string;
  period: string;
  scope?: BoardScope;
}

/** One league cohort's week of one tenant. */
export interface CohortRef {
  kind: 'cohort';
  tenantId: string;
  leagueId: string;
  week: string;
  tier: string;
  cohort: number;
}

/** A ranked set: what the rank store keeps. Every ref names its tenant, so none can be read or moved without one. */
export type RankedSetRef = BoardPeriodRef | CohortRef;

/** A board lists who holds a non-zero score (a member brought back to 0 leaves it); a league cohort keeps every seated member. */
export const keepsZero = (set: RankedSetRef): boolean => set.kind === 'cohort';

export const boardRef = (tenantId: string, boardId: string, period: string, scope?: BoardScope): BoardPeriodRef => ({ kind: 'board', tenantId, boardId, period, ...(scope ? { scope } : {}) });

export interface RankedMember {
  member: string;
  score: number;
  /**
   * 1-based rank. Competition (1, 2, 2, 4) or dense (1, 2, 2, 3); members with the same score
   * share a rank and are listed in the order they reached it (earliest first).
   */
  rank: number;
}

/** One ranked set an award moves: by `delta`, reached at `tick` (see windows.ts). */
export interface BoardUpdate {
  set: RankedSetRef;
  delta: number;
  tick: number;
  /**
   * The board ranks densely: keep its distinct-score bookkeeping (dense ranks are then one
   * ZCOUNT). Competition boards skip it; a board switched to dense needs a rebuild.
   */
  dense?: boolean;
}

/** One award's moves, applied at most once per `awardKey` (the award's ledger idempotency key). */
export interface GuardedAward {
  awardKey: string;
  member: string;
  updates: BoardUpdate[];
}

/**
 * Sorted-set storage for leaderboards, in the domain's words: boards, periods, scopes, cohorts
 * and awards of a tenant. Adapters: Redis (production) and in-memory (standalone); only they know
 * the key layout. Stored scores carry the tick at which the member reached its score, so ties
 * order by who got there first; the port always returns the plain score.
 */
export interface RankStore {
  /** Whether what it holds survives a restart (Redis: yes; memory: no, so boards are rebuilt from the ledger at start). */
  readonly durable: boolean;
  /**
   * Applies each award's updates at most once per award key, atomically with the guard (one round
   * trip for the whole list; every set must be the tenant's). A redelivered award changes nothing.
   * A member the tenant excluded (opt-out, hidden, moderation) is put on no set, but its award key
   * is still consumed. Returns, per award, whether it was new.
   */
  applyOnce(tenantId: string, awards: GuardedAward[]): Promise<boolean[]>;
  top(set: RankedSetRef, offset: number, limit: number, ties?: TiePolicy): Promise<RankedMember[]>;
  /** Rank and score of one member, or null when absent. */
  rankOf(set: RankedSetRef, member: string, ties?: TiePolicy): Promise<RankedMember | null>;
  /** The member and up to `n` members either side of it, or [] when absent. */
  around(set: RankedSetRef, member: string, n: number, ties?: TiePolicy): Promise<RankedMember[]>;
  size(set: RankedSetRef): Promise<number>;
  /** Every member's plain score (reconciliation). */
  scores(set: RankedSetRef): Promise<Map<string, number>>;
  /** Replaces the set with these members, atomically for readers (rebuild from the ledger). */
  replace(set: RankedSetRef, members: { member: string; score: number; tick: number }[]): Promise<void>;
  /** Sets one member's score and tick, or removes the member (null). Ranks follow at once. */
  setMember(set: RankedSetRef, member: string, entry: { score: number; tick: number } | null): Promise<void>;
  /** Every period (and scope) of a board that holds members. */
  periods(tenantId: string, boardId: string): Promise<BoardPeriodRef[]>;
  /** Drops sets (a locked period served from Postgres no longer needs the store). */
  drop(sets: RankedSetRef[]): Promise<void>;
  /** Marks awards as applied without moving any set: after a rebuild that counted them. */
  markApplied(tenantId: string, awardKeys: string[]): Promise<void>;
  /** Drops these awards' guards (a deleted user's: their keys name the user). */
  forget(tenantId: string, awardKeys: string[]): Promise<void>;
  /** Adds or removes members of the tenant's exclusion set (see applyOnce). */
  setExcluded(tenantId: string, members: string[], on: boolean): Promise<void>;
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** How long an applied-award guard is remembered. A board can always be rebuilt from the ledger. */
export const GUARD_TTL_SECONDS = 14 * 24 * 3600;
