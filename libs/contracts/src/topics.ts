import type { CanonicalEnvelope } from './envelope';
import type {
  AchievementRevokedMessage,
  AchievementUnlockedMessage,
  BalanceChangedMessage,
  EventScoredMessage,
  EventStatusMessage,
  LeaderboardRankMessage,
  LeaderboardUpdatedMessage,
  PointsAwardedMessage,
  ProgressUpdatedMessage,
  RedemptionUpdatedMessage,
} from './messages';

/**
 * Internal topic names: `questline.<entity>.<past-tense-verb>.v<N>`. A breaking change to a
 * message gets a new version suffix. Handlers use these constants, never string literals.
 */
export const Topics = {
  EventAccepted: 'questline.event.accepted.v1',
  EventScored: 'questline.event.scored.v1',
  PointsAwarded: 'questline.points.awarded.v1',
  AchievementUnlocked: 'questline.achievement.unlocked.v1',
  EventStatus: 'questline.event.status.v1',
  ProgressUpdated: 'questline.progress.updated.v1',
  AchievementRevoked: 'questline.achievement.revoked.v1',
  LeaderboardRank: 'questline.leaderboard.rank.v1',
  /** A board's top N changed (throttled per board): what outbound contracts publish as a ranking update. */
  LeaderboardUpdated: 'questline.leaderboard.updated.v1',
  /**
   * Spends, refunds and expiries (they used to travel on points.awarded, as `kind`). Transition:
   * points still copies them to points.awarded while PUBLISH_LEGACY_DEBITS is true (default), so
   * consumers of an older release keep working during a rolling upgrade; this release's consumers
   * read them here and dedup on the ledger key.
   */
  BalanceChanged: 'questline.balance.changed.v1',
  /** Seed 000's redemption family: a redemption started, finalized or failed. */
  RedemptionUpdated: 'questline.redemption.updated.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** The message type carried by each topic: the bus is typed end to end. */
export interface TopicMessages {
  'questline.event.accepted.v1': CanonicalEnvelope;
  'questline.event.scored.v1': EventScoredMessage;
  'questline.points.awarded.v1': PointsAwardedMessage;
  'questline.achievement.unlocked.v1': AchievementUnlockedMessage;
  'questline.event.status.v1': EventStatusMessage;
  'questline.progress.updated.v1': ProgressUpdatedMessage;
  'questline.achievement.revoked.v1': AchievementRevokedMessage;
  'questline.leaderboard.rank.v1': LeaderboardRankMessage;
  'questline.leaderboard.updated.v1': LeaderboardUpdatedMessage;
  'questline.balance.changed.v1': BalanceChangedMessage;
  'questline.redemption.updated.v1': RedemptionUpdatedMessage;
}

export const ALL_TOPICS: readonly TopicName[] = Object.values(Topics);

/** Consumer groups, one per service. */
export const ConsumerGroups = {
  RulesEngine: 'questline.rules-engine',
  Points: 'questline.points',
  Achievements: 'questline.achievements',
  Notifications: 'questline.notifications',
  /** The tenants' outbound contracts (their own topics, names and envelopes). */
  Outbound: 'questline.outbound',
  /** Ingest's own groups: product events from tenants' Kafka topics, status of accepted events, dead letters. */
  IngestInbound: 'questline.ingest',
  IngestStatus: 'questline.ingest.status',
  DeadLetters: 'questline.dead-letters',
} as const;

/** The dead-letter topic of a topic (seed 001/002: `<topic>.dlq`). */
export const dlqTopic = (topic: string) => `${topic}.dlq`;

/** Headers that name the accepted event a message is about, so any consumer's failure can be reported on it. */
export const EventHeaders = { EventId: 'questline-event-id', Tenant: 'questline-tenant' } as const;
export const eventHeaders = (tenantId: string, eventId: string) => ({ [EventHeaders.EventId]: eventId, [EventHeaders.Tenant]: tenantId });

/**
 * The shared inbound topic: any tenant's product events, each naming its tenant in the
 * `questline-tenant` header. Tenants can also have topics of their own (their pack's
 * `ingest.kafkaTopics`), where the topic names the tenant.
 */
export const SHARED_INBOUND_TOPIC = 'questline.inbound.v1';

/** What makes a topic name Questline's or Kafka's rather than a tenant's (see `reservedTopic`). */
export type ReservedTopicKind = 'questline' | 'kafka' | 'dead-letter' | 'retry';

/**
 * Whether a topic name is reserved, and why: a tenant's pack may not name it as one of its own
 * (`ingest.kafkaTopics`, `outbound.topic`), or ingest would read Questline's topics as that
 * tenant's inbound (`questline.inbound.v1` owned by one tenant turns everyone's events into its
 * dead letters) and outbound would write into other services' consumers.
 * - `questline`: the whole `questline.` namespace, so the shared inbound topic, every internal
 *   topic (`Topics`) and any a later release adds are covered without keeping a list in step
 *   (no shipped pack uses the prefix for a topic of its own).
 * - `kafka`: Kafka's internal topics (`__consumer_offsets`, `__transaction_state`) start with `__`.
 * - `dead-letter`: `<topic>.dlq` holds the dead letters of `<topic>`, a tenant's own topics
 *   included (`health.events.dlq`): reading it as another tenant's inbound, or writing forged
 *   letters into it, crosses tenants.
 * - `retry`: `<topic>.<group>.retry-<n>` (seed 002's retry ladder) carries the origin topic in its
 *   headers, so writing into one replays a message as if from any topic.
 * Kafka treats `.` and `_` alike in topic names (two names differing only there collide), so
 * `questline_inbound_v1` is reserved like `questline.inbound.v1`.
 */
export function reservedTopic(topic: string): ReservedTopicKind | undefined {
  if (topic.startsWith('__')) return 'kafka';
  const name = topic.replace(/_/g, '.');
  if (name.startsWith('questline.')) return 'questline';
  if (name.endsWith('.dlq')) return 'dead-letter';
  if (name.includes('.retry-')) return 'retry';
  return undefined;
}

export const isReservedTopic = (topic: string): boolean => reservedTopic(topic) !== undefined;

/** The rule in words, for the messages that refuse a reserved topic. */
export const RESERVED_TOPICS_RULE = "a tenant's own topics cannot use the questline. prefix, start with __, end with .dlq or contain .retry-";
