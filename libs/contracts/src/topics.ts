import type { CanonicalEnvelope } from './envelope';
import type { AchievementUnlockedMessage, EventScoredMessage, PointsAwardedMessage } from './messages';

/**
 * Internal topic names: `questline.<entity>.<past-tense-verb>.v<N>`. A breaking change to a
 * message gets a new version suffix. Handlers use these constants, never string literals.
 */
export const Topics = {
  EventAccepted: 'questline.event.accepted.v1',
  EventScored: 'questline.event.scored.v1',
  PointsAwarded: 'questline.points.awarded.v1',
  AchievementUnlocked: 'questline.achievement.unlocked.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** The message type carried by each topic: the bus is typed end to end. */
export interface TopicMessages {
  'questline.event.accepted.v1': CanonicalEnvelope;
  'questline.event.scored.v1': EventScoredMessage;
  'questline.points.awarded.v1': PointsAwardedMessage;
  'questline.achievement.unlocked.v1': AchievementUnlockedMessage;
}

export const ALL_TOPICS: readonly TopicName[] = Object.values(Topics);

/** Consumer groups, one per service. */
export const ConsumerGroups = {
  RulesEngine: 'questline.rules-engine',
  Points: 'questline.points',
  Achievements: 'questline.achievements',
  Notifications: 'questline.notifications',
} as const;
