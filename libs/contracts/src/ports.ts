/**
 * The one seam between the points context (ledger, balances) and the leaderboard context (boards,
 * periods, leagues): points hands over the awards it has just committed, and reads a user's
 * all-time ranks for the profile. Neither context imports the other; the runtime wires the
 * leaderboard context's implementations to these tokens.
 */
export const BOARD_UPDATES = Symbol('BOARD_UPDATES');

/**
 * An event's values of the pack's dimensions (board scopes), by dimension id: one value, or several
 * when the event's field is a list (a question's tags: it counts on each tag's board).
 */
export type Scopes = Record<string, string | string[]>;

/** The rule id of a reversal's corrections (admin `events/reverse`): exact undoings of what an event booked. */
export const REVERSAL_RULE = 'reversal';

/** The rule id of a re-scoring's corrections. */
export const RESCORE_RULE = 'rescore';

/** The most values one dimension keeps from a list (the rest are left out). */
export const MAX_SCOPE_VALUES = 10;

/** A dimension's values as a list (one value: a list of one). */
export const scopeValuesOf = (v: string | string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

/** A committed ledger entry as boards see it. */
export interface CommittedAward {
  tenantId: string;
  userId: string;
  currency: string;
  amount: number;
  /** The ledger entry's idempotency key: boards apply each at most once. */
  idempotencyKey: string;
  /** Event time (ISO 8601): the periods it counts in. */
  occurredAt: string;
  /** The event's dimension values (board scopes). */
  scopes?: Scopes;
}

export interface BoardUpdates {
  /** Moves every board, scope and league cohort the awards count on, each award at most once; idempotent. */
  apply(awards: CommittedAward[]): Promise<void>;
}

export const BOARD_RANKS = Symbol('BOARD_RANKS');

export interface BoardRanks {
  /** The user's rank and score on each of the tenant's boards, all time (absent where not ranked). */
  allTime(tenantId: string, userId: string): Promise<{ board: string; rank: number; score: number }[]>;
}

export const BOARD_ERASURE = Symbol('BOARD_ERASURE');

/** What a data-subject deletion needs from the leaderboard context (its Redis sets). */
export interface BoardErasure {
  /**
   * Takes the user off every live board and league cohort of the tenant, keeps the pseudonym
   * their ledger rows now carry off the boards too, and drops the guards of their awards (whose
   * keys name them). Idempotent. Returns the sets the user was removed from.
   */
  erase(req: { tenantId: string; userId: string; pseudonym: string; awardKeys: string[]; cohorts: { leagueId: string; week: string; tier: string; cohort: number }[] }): Promise<number>;
}
