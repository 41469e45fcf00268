import type { ErrorClass } from './errors';
import type { ProgressUpdatedMessage } from './generated/messages';

/**
 * Internal messages. Their JSON Schemas (libs/contracts/messages/<topic>.schema.json) are the source
 * of truth: the types below are generated from them (npm run schemas -- codegen), and every
 * consumer validates each message against its topic's schema (a malformed one is a VALIDATION
 * dead letter, never a crash).
 */
export type {
  AchievementRevokedMessage,
  AchievementUnlockedMessage,
  Award,
  BalanceChangedMessage,
  EventScoredMessage,
  EventStatusMessage,
  LeaderboardRankMessage,
  LeaderboardUpdatedMessage,
  PointsAwardedMessage,
  ProgressOutcomeType,
  ProgressUpdatedMessage,
  RedemptionUpdatedMessage,
} from './generated/messages';
export { MESSAGE_SCHEMAS, PREVIOUS_MESSAGE_SCHEMAS } from './generated/messages';
import { MESSAGE_SCHEMAS } from './generated/messages';

/**
 * Every internal message carries the version of its schema in this header. Within a topic
 * (`….v1`) versions only add: a consumer reads its own version and the previous one (and a newer
 * one, which by that rule still satisfies its schema); a breaking change is a new topic. Absent:
 * version 1 (messages of releases before the header).
 */
export const MESSAGE_VERSION_HEADER = 'questline-message-version';

/** The schema version this release writes on `topic` (its schema's `x-message-version`); undefined for topics without a schema. */
export function messageVersion(topic: string): number | undefined {
  const schema = MESSAGE_SCHEMAS[topic];
  return schema ? Number(schema['x-message-version'] ?? 1) : undefined;
}

/** A progress outcome as the rules engine decides it (the message adds tenant, pack version, source event and time). */
export type ProgressOutcome = Pick<ProgressUpdatedMessage, 'userId' | 'type' | 'subject' | 'data' | 'dedupKey'>;

/**
 * A message a consumer gave up on, on `<topic>.dlq` (seed 002 §8.3's originalEvent, error,
 * timestamp and retryCount, plus where it came from, so it can be replayed exactly).
 */
export interface DeadLetterMessage {
  /** The original value parsed (null when it is not JSON, too deep, or not kept). */
  originalEvent: unknown;
  /** The original value as it was on the wire (null for a tombstone, or when it was too large to keep: see originalRef). */
  originalValue: string | null;
  /** Set when the original value was too large to keep: where it was, its size, its SHA-256 and its first 512 characters. */
  originalRef?: { topic: string; partition: number; offset: string; bytes: number; sha256: string; preview: string };
  /** What failed (seed 002 §8.2: message, name, stack — the first 4 KiB of it). */
  error: { class: ErrorClass; name: string; message: string; code?: string; stack?: string };
  /** When it was dead-lettered (ISO 8601). */
  timestamp: string;
  firstFailedAt: string;
  retryCount: number;
  attempts: number;
  groupId: string;
  origin: { topic: string; partition: number; offset: string; key: string; timestamp: string; headers: Record<string, string> };
}
