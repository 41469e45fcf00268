export const BOARD_STATE_REPOSITORY = Symbol('BOARD_STATE_REPOSITORY');

export type PeriodStatus = 'computed' | 'published' | 'locked';
export type ExclusionReason = 'opt_out' | 'hidden' | 'moderation';

/** A finished period of one board and scope (`global` or `<dimension>:<value>`). */
export interface PeriodState {
  tenantId: string;
  boardId: string;
  scope: string;
  period: string;
  window: string;
  status: PeriodStatus;
  members: number;
  revision: number;
  computedAt: string;
  publishedAt: string | null;
  lockedAt: string | null;
}

export interface Standing {
  userId: string;
  /** 1..n in list order. */
  position: number;
  rank: number;
  score: number;
  reachedAt: number;
}

export interface Exclusion {
  userId: string;
  reason: ExclusionReason;
  note: string | null;
  actor: string | null;
  createdAt: string;
}

/** Postgres state of leaderboards: finished periods and their standings, and excluded users. */
export interface BoardStateRepository {
  state(tenantId: string, boardId: string, scope: string, period: string): Promise<PeriodState | null>;
  /** Every scope's state of these periods of a board. */
  states(tenantId: string, boardId: string, periods: string[]): Promise<PeriodState[]>;
  /** States of published (not locked) periods of the tenant: a moderation re-ranks them. */
  published(tenantId: string): Promise<PeriodState[]>;
  /**
   * Replaces a period's standings and moves its state (revision + 1 when it existed), in one
   * transaction. `announce` gets the new revision and the ranks the period had before (empty the
   * first time) and runs before the commit: if it fails nothing is saved, and if the commit is lost
   * the next attempt announces the same revision again (consumers dedup on it). Saves nothing and
   * returns false when the period is no longer at `expectedRevision` (0: no state yet), i.e.
   * another instance got there first.
   */
  save(
    state: Omit<PeriodState, 'revision' | 'computedAt' | 'publishedAt' | 'lockedAt'>,
    standings: Standing[],
    expectedRevision: number,
    /** `previous`: each user's rank before; `previousScores`: their score before. */
    announce: (revision: number, previous: Map<string, number>, previousScores: Map<string, number>) => Promise<void>,
  ): Promise<boolean>;
  page(tenantId: string, boardId: string, scope: string, period: string, offset: number, limit: number): Promise<Standing[]>;
  standingOf(tenantId: string, boardId: string, scope: string, period: string, userId: string): Promise<Standing | null>;
  around(tenantId: string, boardId: string, scope: string, period: string, position: number, n: number): Promise<Standing[]>;

  exclusion(tenantId: string, userId: string): Promise<Exclusion | null>;
  exclusions(tenantId: string): Promise<Exclusion[]>;
  /** Inserts or replaces the user's exclusion. */
  exclude(tenantId: string, e: Omit<Exclusion, 'createdAt'>): Promise<Exclusion>;
  /** Removes it; false when there was none. */
  include(tenantId: string, userId: string): Promise<boolean>;
}
