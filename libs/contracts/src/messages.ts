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
}

/** rules-engine → points: the full decision for one event (possibly no awards). */
export interface EventScoredMessage {
  event: Pick<CanonicalEnvelope, 'id' | 'type' | 'tenantId' | 'userId' | 'occurredAt'>;
  packVersion: number;
  awards: Award[];
}

/** points → outcomes: one credited (or debited) ledger entry. */
export interface PointsAwardedMessage {
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
