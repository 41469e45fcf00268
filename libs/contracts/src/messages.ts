import type { ErrorClass } from './errors';
import type { CanonicalEnvelope } from './envelope';

/** One award the rules engine decided for one event. */
export interface Award {
  /** Who receives it: the subject or another user named in the payload. */
  userId: string;
  currency: string;
  /** Signed integer amount (penalties are negative). */
  amount: number;
  ruleId: string;
  ruleVersion: number;
  /** Unique per tenant: `<eventId>:<ruleId>:<userId>:<currency>`. The ledger's dedup key. */
  idempotencyKey: string;
  /** False when the event failed the pack's leaderboard gate (seed 000 gate 1): ledger only, no public board. */
  public?: boolean;
  /** `compensate`: a re-scoring correction (history is never edited; this entry corrects it). */
  kind?: 'compensate';
}

/** rules-engine → points: the full decision for one event (possibly no awards). */
export interface EventScoredMessage {
  event: Pick<CanonicalEnvelope, 'id' | 'type' | 'tenantId' | 'userId' | 'occurredAt'>;
  packVersion: number;
  awards: Award[];
  /** The event's values of the pack's dimensions (leaderboard scopes), recorded on each ledger entry. */
  scopes?: Record<string, string>;
  /** Set by re-scoring: the awards are corrections to an event processed before (not its first scoring). */
  rescore?: { runId: string };
}

/** points → outcomes: one credited (or debited) ledger entry. */
export interface PointsAwardedMessage {
  /** The ledger entry's kind (earn, adjust, compensate, spend, refund, expire); absent in older messages: earn or adjust. */
  kind?: 'earn' | 'spend' | 'expire' | 'refund' | 'adjust' | 'compensate';
  tenantId: string;
  userId: string;
  eventId: string;
  eventType: string;
  currency: string;
  amount: number;
  ruleId: string;
  ruleVersion: number;
  ledgerKey: string;
  lifetime: number;
  spendable: number;
  /** Earned net of penalties and corrections (not of spending). */
  net: number;
  occurredAt: string;
}

/** achievements → outcomes. */
export interface AchievementUnlockedMessage {
  tenantId: string;
  userId: string;
  achievementId: string;
  name: string;
  sourceEventId: string;
  packVersion: number;
  unlockedAt: string;
}

/** achievements → outcomes: a level lost (packs with `levels.allowDown`), its unlock withdrawn. */
export interface AchievementRevokedMessage {
  tenantId: string;
  userId: string;
  achievementId: string;
  name: string;
  /** The level the user is back at. */
  level: number;
  sourceEventId: string;
  packVersion: number;
  revokedAt: string;
}

/**
 * points → outcomes: seed 000's leaderboard family. Period-wide (no userId): `rank.computed` and
 * `rank.locked`; per user: `rank.published` (the final rank of a period), `rank.reranked` (a rank
 * that changed after publication: moderation, late events before the lock) and `rank.removed`
 * (moderation took the user off); leagues: `league.promoted`, `league.demoted`, `league.stayed`.
 */
export interface LeaderboardRankMessage {
  tenantId: string;
  kind: 'rank.computed' | 'rank.published' | 'rank.locked' | 'rank.reranked' | 'rank.removed' | 'league.promoted' | 'league.demoted' | 'league.stayed';
  /** Board id, or league id for league outcomes. */
  board: string;
  window: string;
  /** `global` or `<dimension>:<value>`; for leagues, the tier and cohort (`gold#3`). */
  scope: string;
  period: string;
  /** Standings revision: bumped each time a period's standings are recomputed. */
  revision: number;
  members: number;
  userId?: string;
  rank?: number;
  score?: number;
  previousRank?: number | null;
  /** League outcomes: the tier the user is in next week. */
  tier?: string;
  reason?: string;
  /** Unique per tenant for one outcome; consumers dedup on it. */
  dedupKey: string;
  at: string;
}

/** What a user's progress did: seed 004's gamification.streak.* and mission.* families, quests, counters. */
export type ProgressOutcomeType =
  | 'streak.started'
  | 'streak.continued'
  | 'streak.milestone'
  | 'streak.freeze_used'
  | 'streak.broken'
  | 'streak.repaired'
  | 'mission.assigned'
  | 'mission.completed'
  | 'quest.step_completed'
  | 'quest.completed'
  | 'quest.expired'
  | 'counter.milestone';

export interface ProgressOutcome {
  userId: string;
  type: ProgressOutcomeType;
  /** The streak, mission, quest or counter id. */
  subject: string;
  data: Record<string, unknown>;
  /** Unique per tenant for one outcome; consumers dedup on it. */
  dedupKey: string;
}

/** rules-engine → outcomes: one progress outcome, from an event or from the streak job (sourceEventId null). */
export interface ProgressUpdatedMessage extends ProgressOutcome {
  tenantId: string;
  packVersion: number;
  sourceEventId: string | null;
  at: string;
}

/** Any → ingest: how far an accepted event got (seed 000's processing states). */
export interface EventStatusMessage {
  tenantId: string;
  eventId: string;
  status: 'processed' | 'failed_retrying' | 'dead_lettered';
  /** The consumer group reporting it (e.g. questline.points). */
  stage: string;
  at: string;
  /** With `processed`: the ledger awards it caused. */
  awards?: { userId: string; currency: string; amount: number; ruleId: string; ruleVersion: number }[];
  /** With a failure: what went wrong and how often it was tried. */
  error?: { class: ErrorClass; message: string; attempts: number };
}

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
  error: { class: ErrorClass; name: string; message: string; code?: string };
  /** When it was dead-lettered (ISO 8601). */
  timestamp: string;
  firstFailedAt: string;
  retryCount: number;
  attempts: number;
  groupId: string;
  origin: { topic: string; partition: number; offset: string; key: string; timestamp: string; headers: Record<string, string> };
}
