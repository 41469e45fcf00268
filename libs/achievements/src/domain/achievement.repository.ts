export const ACHIEVEMENT_REPOSITORY = Symbol('ACHIEVEMENT_REPOSITORY');

/** The criterion values that caused an unlock: `current` of `target`, and each part's for a combination. */
export interface UnlockBasis {
  current: number;
  target: number;
  parts?: { current: number; target: number }[];
  /** The metric's or board's period. */
  period?: unknown;
  /** What unlocked it when not an event: `batch evaluation`. */
  by?: string;
}

export interface UnlockCandidate {
  tenantId: string;
  userId: string;
  achievementId: string;
  sourceEventId: string;
  ruleVersion: number;
  /** '' (or absent) for a once-only achievement; which occurrence of a repeatable one. */
  occurrence?: string;
  basis?: UnlockBasis | null;
  /** When its cause happened (ms): checked against the achievement's availability window. */
  atMs?: number;
}

export interface UnlockView {
  tenantId: string;
  userId: string;
  achievementId: string;
  sourceEventId: string;
  ruleVersion: number;
  unlockedAt: string;
  occurrence: string;
  basis: UnlockBasis | null;
}

export interface AchievementRepository {
  /**
   * Inserts unlocks that do not exist yet (one per user, achievement and occurrence, ever) and returns every
   * unlock CAUSED by one of the given events — including ones inserted by an earlier delivery of the
   * same events, so a redelivered batch republishes its outcomes instead of losing them.
   */
  unlock(candidates: UnlockCandidate[]): Promise<UnlockView[]>;
  list(tenantId: string, userId: string): Promise<UnlockView[]>;
  /** Users ranked `top` or better in a finished period's standings (read-only from the leaderboard context). */
  finishers(tenantId: string, boardId: string, scope: string, period: string, top: number): Promise<{ userId: string; rank: number }[]>;
  /** The achievement ids each of these users holds, keyed `${tenantId}|${userId}`. */
  heldBy(users: { tenantId: string; userId: string }[]): Promise<Map<string, Set<string>>>;
  /** Current balances (read-only from points' `balance`): where levels can go down, the level is computed on them, not on a message's snapshot. */
  balances(keys: { tenantId: string; userId: string; currency: string }[]): Promise<Map<string, { lifetime: number; net: number }>>;
  /** The user's level unlocks (`level-N`) above `level`. */
  levelsAbove(tenantId: string, userId: string, level: number): Promise<string[]>;
  /** Deletes these unlocks (every occurrence) and returns what was deleted: what a revocation announces and claws back. */
  revoke(tenantId: string, userId: string, achievementIds: string[]): Promise<UnlockView[]>;
  /**
   * An admin's revocation: the unlock deleted and a revocation row kept (automatic unlocks skip
   * it, so the next qualifying award does not undo the admin). Returns the unlocks deleted: none when the user did not hold it.
   */
  revokeByAdmin(tenantId: string, userId: string, achievementId: string, reason: string, actor: string): Promise<UnlockView[]>;
  /** An admin's grant: any revocation lifted and the unlock written; false when already held. */
  grant(candidate: UnlockCandidate): Promise<UnlockView | null>;
  /** The user's balances (lifetime, net per currency) and their metric, streak and quest progress (read-only from the rules engine's store): what badge progress is computed from. */
  standing(tenantId: string, userId: string): Promise<{ balances: Map<string, { lifetime: number; net: number }>; progress: Map<string, unknown> }>;
  /** A page of the tenant's users (those with a balance or progress), after `after` in id order, each with their standing and whether they hold (or were revoked) `achievementId`. */
  standingPage(
    tenantId: string,
    achievementId: string,
    after: string,
    limit: number,
  ): Promise<{ userId: string; balances: Map<string, { lifetime: number; net: number }>; progress: Map<string, unknown>; held: boolean; revoked: boolean }[]>;
  /** Unlocks per achievement in a tenant, and how many users the tenant has (users with a balance). */
  unlockCounts(tenantId: string): Promise<{ counts: Map<string, number>; users: number }>;
}

export const balanceKey = (tenantId: string, userId: string, currency: string) => `${tenantId}|${userId}|${currency}`;
