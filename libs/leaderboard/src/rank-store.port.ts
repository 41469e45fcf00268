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
}

/**
 * Sorted-set storage for leaderboards. Adapters: Redis (production) and in-memory (standalone).
 * Every board key is tenant-scoped by the caller (see leaderboard-keys.ts). Stored scores carry
 * the tick at which the member reached its score in their low bits (TICK_SPACE), so ties order by
 * who got there first; the API always returns the plain score.
 */
export interface RankStore {
  /**
   * Applies every update at most once per `guardKey`: a redelivered award with the same guard
   * changes nothing. Returns true when applied, false when the guard had been seen.
   */
  incrementOnce(updates: BoardUpdate[], member: string, guardKey: string): Promise<boolean>;
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
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** How long an applied-award guard is remembered. A board can always be rebuilt from the ledger. */
export const GUARD_TTL_SECONDS = 14 * 24 * 3600;
