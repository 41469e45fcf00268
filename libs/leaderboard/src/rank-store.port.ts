export const RANK_STORE = Symbol('RANK_STORE');

export interface RankedMember {
  member: string;
  score: number;
  /** 1-based rank, competition style (ties share a rank; the next rank skips). */
  rank: number;
}

/**
 * Sorted-set storage for leaderboards. Adapters: Redis (production) and in-memory (standalone).
 * Every board key is tenant-scoped by the caller (see leaderboard-keys.ts).
 */
export interface RankStore {
  /**
   * Adds `delta` to `member` on each board at most once per `guardId`: a redelivered award with
   * the same guard changes nothing. Returns true when applied, false when the guard had been seen.
   */
  incrementOnce(boards: string[], member: string, delta: number, guardKey: string): Promise<boolean>;
  top(board: string, offset: number, limit: number): Promise<RankedMember[]>;
  /** Rank and score of one member, or null when absent. */
  rankOf(board: string, member: string): Promise<RankedMember | null>;
  size(board: string): Promise<number>;
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** How long an applied-award guard is remembered. A board can always be rebuilt from the ledger. */
export const GUARD_TTL_SECONDS = 14 * 24 * 3600;
