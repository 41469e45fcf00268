/** The metrics the analytics job keeps per (tenant, local day, dimension). */
export const DAILY_METRICS = [
  /** Events accepted, by type. */
  'events',
  /** Distinct users with at least one event (linked to a user). */
  'dau',
  /** Positive awards as scored live (`earn`), by currency: re-scoring corrections are not in it. */
  'points_earned',
  /** Every ledger movement (earn, spend, adjust, expire, compensate), by currency. */
  'points_net',
  /**
   * What each rule's ledger entries net to, by `<currency>/<rule id>` (missions are `mission:<id>`,
   * quests `quest:<id>`): its awards, its penalties, and re-scoring corrections (event corrections
   * under `rescore`, progress ones under their own id). Support adjustments, spends and expiries
   * have no rule and are only in `points_net`.
   */
  'points_by_rule',
  /** Distinct users awarded, by currency. */
  'earners',
  /** Distinct users awarded, and points earned, by pack dimension value (`community:42`). */
  'active_by_scope',
  'points_by_scope',
  /** Badge and achievement unlocks, by achievement id. */
  'unlocks',
  /** Missions completed (the completing event's local day), by mission id; distinct users; mean seconds from first progress. */
  'missions_completed',
  'missions_completed_users',
  'missions_avg_seconds',
  /** Per community (any pack dimension) and mission: users whose completion paid a reward, from the reward's ledger entry (`community:42/<mission id>`). */
  'missions_completed_by_scope',
  /** The same for quests. */
  'quests_completed',
  'quests_completed_users',
  'quests_avg_seconds',
  /** Redemptions started that day, by status; what the finalized ones cost, by currency. */
  'redemptions',
  'redemption_cost',
] as const;
export type DailyMetric = (typeof DAILY_METRICS)[number];

export interface DailyRow {
  day: string;
  dimension: string;
  value: number;
}

export interface RetentionCohort {
  /** The local day of the users' first event. */
  cohort: string;
  users: number;
  /** Users of the cohort active again exactly 1, 7 and 30 days later; null while that day has not come. */
  d1: number | null;
  d7: number | null;
  d30: number | null;
}

export interface Distribution {
  currency: string;
  users: number;
  percentiles: { p50: number; p75: number; p90: number; p99: number; max: number };
  /** Equal-width buckets of lifetime points: [from, to). */
  histogram: { from: number; to: number; users: number }[];
}

/** The last minute and hour of a tenant's events, read live from the event store (the console's overview). */
export interface LiveFigures {
  at: string;
  /** Events received in the last 60 s, and per second. */
  eventsLastMinute: number;
  eventsPerSecond: number;
  /** Events of the last hour not processed yet, and how long the oldest has waited (processing lag). */
  queued: number;
  oldestQueuedSeconds: number | null;
  /** Events of the last hour failing and being retried, and those dead-lettered. */
  failedRetrying: number;
  deadLettered: number;
}

export interface AnalyticsRepository {
  /** Local days (in `zone`) of rows written after `since` (null: every day with data). */
  changedDays(tenantId: string, zone: string, since: Date | null): Promise<string[]>;
  /**
   * Replaces the aggregates of these local days in one transaction; returns rows written. Days
   * before `openFrom` that were counted before keep their event counts (events, DAU, who was
   * active): their events may have been deleted or anonymised by retention since.
   */
  recompute(tenantId: string, zone: string, days: string[], openFrom: string): Promise<number>;
  /** The watermark: where the last pass stopped and in which zone. */
  watermark(tenantId: string): Promise<{ through: Date; zone: string } | null>;
  /** Sets the watermark; a zone change drops the tenant's aggregates first (its days moved). */
  setWatermark(tenantId: string, through: Date, zone: string): Promise<void>;
  dropAll(tenantId: string): Promise<void>;
  /** The database's clock (every instance agrees on it). */
  now(): Promise<Date>;

  daily(tenantId: string, metric: DailyMetric, from: string, to: string, dimension?: string): Promise<DailyRow[]>;
  retention(tenantId: string, from: string, to: string, today: string): Promise<RetentionCohort[]>;
  distribution(tenantId: string, currency: string, buckets: number): Promise<Distribution>;
  /** Users per level, from lifetime points of the level currency and the curve's thresholds (level 1 from 0). */
  levels(tenantId: string, currency: string, thresholds: number[], allowDown: boolean): Promise<{ level: number; users: number }[]>;
  live(tenantId: string): Promise<LiveFigures>;
  /** Users whose id starts with `prefix` (those with a balance), in id order, with their lifetime balances. */
  users(tenantId: string, prefix: string, limit: number): Promise<{ userId: string; balances: Record<string, number> }[]>;
  /** Users per longest run, per streak. */
  streaks(tenantId: string): Promise<{ streak: string; longest: number; users: number }[]>;
}

export const ANALYTICS_REPOSITORY = Symbol('ANALYTICS_REPOSITORY');
