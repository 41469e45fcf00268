/** A tenant's rule pack (packs/<tenant>/pack.yaml). See docs/packs.md for the format. */
export interface Pack {
  tenant: string;
  version: number;
  name: string;
  timezone: string;
  /** Folder under event-schemas/ holding this tenant's event types. */
  schemaNamespace: string;
  /** How this tenant's events are read: envelope dialects (detection order) and type prefixes to strip. */
  ingest: {
    dialects: string[];
    stripTypePrefixes: string[];
    /** Kafka topics this tenant's product services publish to (seed 002: health.events, care.events...). */
    kafkaTopics: string[];
  };
  currencies: CurrencyDef[];
  levels?: LevelCurve;
  rules: RuleDef[];
  boosts: BoostDef[];
  conversions: ConversionDef[];
  gates: { leaderboard?: { if: unknown } };
  leaderboards: LeaderboardDef[];
  achievements: AchievementDef[];
}

export interface CurrencyDef {
  id: string;
  name: string;
}

export interface LevelCurve {
  currency: string;
  /** Lifetime amount needed for level 1, 2, 3, ... (ascending; the first is usually 0). */
  thresholds: number[];
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
  cooldownSeconds?: number;
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

export interface LeaderboardDef {
  id: string;
  name: string;
  currency: string;
}

export interface AchievementDef {
  id: string;
  name: string;
  description?: string;
  /** Unlocks when the user's lifetime balance in `currency` reaches `lifetimeAtLeast`. */
  when: { currency: string; lifetimeAtLeast: number };
}
