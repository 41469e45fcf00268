/** A tenant's rule pack (packs/<tenant>/pack.yaml). See docs/packs.md for the format. */
export interface Pack {
  tenant: string;
  version: number;
  name: string;
  timezone: string;
  /** A dimension id whose value is the user's time zone. */
  userTimezone?: string;
  /** Folder under event-schemas/ holding this tenant's event types. */
  schemaNamespace: string;
  /** How this tenant's events are read: envelope dialects (detection order) and type prefixes to strip. */
  ingest: {
    dialects: string[];
    stripTypePrefixes: string[];
    /** Kafka topics this tenant's product services publish to (seed 002: health.events, care.events...). */
    kafkaTopics: string[];
    /** Events older than this many days (event time) are refused at ingest; 0: only the 1970 floor. */
    maxEventAgeDays: number;
  };
  currencies: CurrencyDef[];
  levels?: LevelCurve;
  rules: RuleDef[];
  caps: CapDef[];
  boosts: BoostDef[];
  conversions: ConversionDef[];
  gates: { leaderboard?: { if: unknown } };
  leaderboards: LeaderboardDef[];
  /** Payload dimensions leaderboards can be scoped by (a community, a team, seed 000's context_scope). */
  dimensions: DimensionDef[];
  /** Duolingo-style leagues: weekly cohorts with promotion and demotion between tiers. */
  leagues: LeagueDef[];
  achievements: AchievementDef[];
  /** First day of the week for weekly windows and streaks (1 = Monday ... 7 = Sunday; default 1). */
  weekStart?: number;
  streaks: StreakDef[];
  /** Seed 004's daily missions: each user is assigned `perDay` missions of the pool every day. */
  missions?: MissionsDef;
  quests: QuestDef[];
  counters: CounterDef[];
  metrics: MetricDef[];
}

/** A per-user metric: count, sum or distinct count, all-time or per local period. */
export interface MetricDef extends ActivityDef {
  id: string;
  name: string;
  kind: 'count' | 'sum' | 'distinct';
  /** sum: the numeric field; distinct: the field whose values are counted, or `day`. */
  value?: string;
  to?: string;
  per: 'all' | 'day' | 'week' | 'month';
  milestones: { at: number; reward?: RewardDef }[];
}

/** A fixed credit made by a streak milestone, a mission, a quest or a counter milestone. */
export interface RewardDef {
  currency: string;
  amount: number;
}

/** What counts as activity: an event type (exact or wildcard) and an optional JSONLogic condition. */
export interface ActivityDef {
  /** One pattern or several (any of them). */
  on: string | string[];
  if?: unknown;
}

export interface StreakDef extends ActivityDef {
  id: string;
  name: string;
  period: 'day' | 'week';
  /** Missed periods tolerated without breaking the streak (default 0). */
  grace?: number;
  /** Most freezes a user can hold; a freeze is spent automatically to cover one missed period. */
  maxFreezes?: number;
  /** Seed 004: 7/30/100 days with bonus XP. `freezes` grants freezes (up to maxFreezes). */
  milestones: { length: number; reward?: RewardDef; freezes?: number }[];
  /** A broken streak can be repaired within this many periods of the break (once per break). */
  repair?: { withinPeriods: number };
}

/** One step of a mission or quest: `target` is reached by counting events (by 1, or by `by`). */
export interface StepDef extends ActivityDef {
  id: string;
  target: number;
  /** How much one event adds: an integer or a JSONLogic expression over { event, payload } (default 1). */
  by?: number | { expr: unknown };
}

export interface QuestDef {
  id: string;
  name: string;
  description?: string;
  steps: StepDef[];
  /** Steps must be completed in order (a step only counts once the ones before it are done). */
  ordered?: boolean;
  reward?: RewardDef;
  /** Quests only: available in [availableFrom, availableUntil) (ISO 8601). */
  availableFrom?: string;
  availableUntil?: string;
  /** Quests only: must be completed within this many days of the first progress. */
  deadlineDays?: number;
  /** Quests only: `never` (once per user, the default), or again every day or week. */
  repeat?: 'never' | 'day' | 'week';
}

export interface MissionsDef {
  perDay: number;
  pool: QuestDef[];
}

/** A per-user counter (seed 001: followers) with milestones, credited to `to` (default the subject). */
export interface CounterDef {
  id: string;
  name: string;
  to?: string;
  steps: (ActivityDef & { by: number })[];
  milestones: { at: number; reward?: RewardDef }[];
}

export interface CurrencyDef {
  id: string;
  name: string;
  /** Credits expire this many days after their event time, oldest first (spending consumes the oldest too). */
  expiry?: { afterDays: number };
}

export interface LevelCurve {
  currency: string;
  /** Lifetime amount needed for level 1, 2, 3, ... (ascending; the first is usually 0). */
  thresholds: number[];
  /** Or a formula: thresholds = expr({ level }) for level 1..maxLevel (expanded into `thresholds` at load). */
  formula?: { expr: unknown; maxLevel: number };
  /**
   * Levels can go down: computed on earned net of penalties and corrections (never of spending),
   * and a level lost is announced and its unlock withdrawn. Default false: levels only go up
   * (computed on gross lifetime earned).
   */
  allowDown?: boolean;
}

export interface RuleDef {
  id: string;
  version: number;
  description?: string;
  /** Event type, exact (`knowledge.answer.accepted`) or wildcard (`knowledge.*`, `*`). */
  on: string;
  /** Optional JSONLogic condition over `{ event, payload }`. */
  if?: unknown;
  award: AwardDef;
  limits?: RuleLimits;
  /** At most once per recipient and key (event fields), ever or per local period. */
  oncePer?: { key: string[]; per: 'ever' | 'day' | 'week' | 'month' };
}

export interface AwardDef {
  currency: string;
  /** Integer (negative: a penalty), or a JSONLogic expression over `{ event, payload }`. */
  amount: number | { expr: unknown };
  /** `subject` (the event's user) or a dotted path into the event, e.g. `payload.answer_author_id`. */
  to: string;
  /** Skip when the recipient is the event's own user. Default: true unless `to` is `subject`. */
  ignoreSelf?: boolean;
}

/** Per recipient and rule, in event time, in the tenant's time zone. */
export interface RuleLimits {
  perDay?: number;
  perWeek?: number;
  perMonth?: number;
  /** Amount caps: the award that crosses one is paid the remainder. */
  amountPerDay?: number;
  amountPerWeek?: number;
  amountPerMonth?: number;
  /** At most `max` within any `hours`-long window of event time. */
  amountRolling?: { hours: number; max: number };
  cooldownSeconds?: number;
}

/** An amount cap shared by several rules (per recipient, in event time). */
export interface CapDef {
  id: string;
  currency: string;
  rules: string[];
  perDay?: number;
  perWeek?: number;
  perMonth?: number;
  rolling?: { hours: number; max: number };
}

export interface BoostDef {
  id: string;
  factor: number;
  from: string;
  to: string;
  currencies?: string[];
  rules?: string[];
}

export interface ConversionDef {
  from: string;
  to: string;
  rate: number;
}

export interface DimensionDef {
  id: string;
  /** Where the value is read: `payload.community_id`, `meta.context_scope`, `userId`... */
  path: string;
}

export interface SeasonDef {
  id: string;
  /** ISO date or instant; dates are read in the pack's time zone. [from, to). */
  from: string;
  to: string;
}

export interface LeaderboardDef {
  id: string;
  name: string;
  currency: string;
  /** Which windows to keep (default all-time only); periods are calendar periods in the pack's time zone. */
  windows?: ('all-time' | 'daily' | 'weekly' | 'monthly' | 'season')[];
  /** The custom seasons of the `season` window. */
  seasons?: SeasonDef[];
  /** Dimensions (ids of `dimensions`) the board is also ranked within; the global board is always kept. */
  scopes?: string[];
  /** `competition` (1, 2, 2, 4; default) or `dense` (1, 2, 2, 3); ties list who reached the score first first. */
  ties?: 'competition' | 'dense';
  /**
   * A period that has ended is computed from the ledger at once, published `publishAfterMinutes`
   * after its end (default 60: late events still count) and locked `lockAfterHours` after its end
   * (default 24): its standings are then final and served from Postgres.
   */
  lifecycle?: { publishAfterMinutes: number; lockAfterHours: number };
}

export interface LeagueDef {
  id: string;
  name: string;
  /** What ranks a cohort: the week's public earnings of this currency. */
  currency: string;
  /** Lowest first; everyone starts in the first. */
  tiers: string[];
  /** Users per cohort (default 30). */
  cohortSize: number;
  /** The top `promote` of a cohort move up a tier at the end of the week, the bottom `demote` down (defaults 5 and 5). */
  promote: number;
  demote: number;
  /** Late events count in their week until it is settled, this long after it ends (default 1). */
  settleAfterHours: number;
}

export interface AchievementDef {
  id: string;
  name: string;
  description?: string;
  /** Unlocks when the user's lifetime balance in `currency` reaches `lifetimeAtLeast`. */
  when: { currency: string; lifetimeAtLeast: number };
}
