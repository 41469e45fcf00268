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
}

export interface AwardDef {
  currency: string;
  amount: number;
  /** `subject` (the event's user) or a dotted path into the event, e.g. `payload.answer_author_id`. */
  to: string;
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
