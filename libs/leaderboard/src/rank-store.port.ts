export const RANK_STORE = Symbol('RANK_STORE');

export type TiePolicy = 'competition' | 'dense';

export interface RankedMember {
  member: string;
  score: number;
  /**
   * 1-based rank. Competition (1, 2, 2, 4) or dense (1, 2, 2, 3); members with the same score
   * share a rank and are listed in the order they reached it (earliest first).
   */
  rank: number;
}

/** One board an award moves: by `delta`, reached at `tick` (see windows.ts). */
export interface BoardUpdate {
  board: string;
  delta: number;
  tick: number;
  /**
   * The board ranks densely: keep its distinct-score bookkeeping (dense ranks are then one
   * ZCOUNT). Competition boards skip it; a board switched to dense needs a rebuild.
   */
  dense?: boolean;
}

/** One award's board moves, applied at most once per `guard` (the award's ledger key). */
export interface GuardedAward {
  guard: string;
  member: string;
  updates: BoardUpdate[];
}

/**
 * Sorted-set storage for leaderboards. Adapters: Redis (production) and in-memory (standalone).
 * Every key is tenant-scoped by the caller (see leaderboard-keys.ts). Stored scores carry the tick
 * at which the member reached its score in their low bits (TICK_SPACE), so ties order by who got
 * there first; the API always returns the plain score.
 */
export interface RankStore {
  /**
   * Applies each award's updates at most once per guard, atomically with the guard (one round trip
   * for the whole list; every key must share one tenant). A redelivered award changes nothing. A
   * member of `excluded` (opt-out, hidden, removed by moderation) is not put on any board, but
   * its guard is still consumed. Returns, per award, whether it was new.
   */
  applyOnce(awards: GuardedAward[], excluded: string): Promise<boolean[]>;
  top(board: string, offset: number, limit: number, ties?: TiePolicy): Promise<RankedMember[]>;
  /** Rank and score of one member, or null when absent. */
  rankOf(board: string, member: string, ties?: TiePolicy): Promise<RankedMember | null>;
  /** The member and up to `n` members either side of it, or [] when absent. */
  around(board: string, member: string, n: number, ties?: TiePolicy): Promise<RankedMember[]>;
  size(board: string): Promise<number>;
  /** Every member's plain score (reconciliation). */
  scores(board: string): Promise<Map<string, number>>;
  /** Replaces the board with these members, atomically for readers (rebuild from the ledger). */
  replace(board: string, members: { member: string; score: number; tick: number }[]): Promise<void>;
  /** Sets one member's score and tick on a board, or removes the member (null). Ranks follow at once. */
  setMember(board: string, member: string, entry: { score: number; tick: number } | null): Promise<void>;
  /** Every board key starting with `prefix` (not its bookkeeping keys). */
  boards(prefix: string): Promise<string[]>;
  /** Drops boards (a locked period served from Postgres no longer needs Redis). */
  drop(boards: string[]): Promise<void>;
  /** Marks awards as applied (their guards set) without moving any board: after a rebuild that counted them. */
  markApplied(guards: string[]): Promise<void>;
  /** Adds or removes members of an exclusion set (see applyOnce). */
  setExcluded(excluded: string, members: string[], on: boolean): Promise<void>;
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** How long an applied-award guard is remembered. A board can always be rebuilt from the ledger. */
export const GUARD_TTL_SECONDS = 14 * 24 * 3600;
