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
