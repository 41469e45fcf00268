import type { FromSchema } from 'json-schema-to-ts';
import type { PACK_SCHEMA } from './pack.schema';

/**
 * The types of a tenant's rule pack (packs/<tenant>/pack.yaml), derived from its JSON Schema
 * (`pack.schema.ts`): one source of truth, so a field documented in the schema (and in
 * docs/reference.md, generated from it) is the field the code reads. Properties with a default
 * are required here: `parsePack` fills them in. See docs/packs.md for the format with examples.
 */
type PackDocument = FromSchema<typeof PACK_SCHEMA>;

type Item<T> = T extends readonly (infer U)[] ? U : never;

/** Levels after load: a `formula` is expanded into `thresholds`. */
export type LevelCurve = NonNullable<PackDocument['levels']> & { thresholds: number[] };
/** A board after load: one that ranks a metric ranks its ledger tally (`currency: metric.<id>`). */
export type LeaderboardDef = Omit<Item<PackDocument['leaderboards']>, 'currency'> & { currency: string };
export type Pack = Omit<PackDocument, 'levels' | 'leaderboards'> & { levels?: LevelCurve; leaderboards: LeaderboardDef[] };

export type RuleDef = Item<Pack['rules']>;
export type AwardDef = RuleDef['award'];
/** Per recipient and rule, in event time, in the tenant's time zone (or the user's). */
export type RuleLimits = NonNullable<RuleDef['limits']>;
/** An amount cap shared by several rules (per recipient, in event time). */
export type CapDef = Item<Pack['caps']>;
export type BoostDef = Item<Pack['boosts']>;
export type ConversionDef = Item<Pack['conversions']>;
export type CurrencyDef = Item<Pack['currencies']>;
export type DimensionDef = Item<Pack['dimensions']>;
export type SeasonDef = Item<NonNullable<LeaderboardDef['seasons']>>;
export type LeagueDef = Item<Pack['leagues']>;
export type AchievementDef = Item<Pack['achievements']>;
export type StreakDef = Item<Pack['streaks']>;
export type QuestDef = Item<Pack['quests']>;
/** One step of a mission or quest: `target` is reached by counting events (by 1, or by `by`). */
export type StepDef = Item<QuestDef['steps']>;
export type MissionsDef = NonNullable<Pack['missions']>;
export type CounterDef = Item<Pack['counters']>;
/** A per-user metric: count, sum or distinct count, all-time or per local period. */
export type MetricDef = Item<Pack['metrics']>;
/** A fixed credit made by a streak milestone, a mission, a quest or a counter milestone. */
export type RewardDef = NonNullable<QuestDef['reward']>;

/** What counts as activity: an event type (exact or wildcard) and an optional JSONLogic condition. */
export type ActivityDef = Pick<StreakDef, 'on' | 'if'>;
