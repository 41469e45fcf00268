import type { ErrorClass } from '@questline/contracts';

export const DEAD_LETTER_REPOSITORY = Symbol('DEAD_LETTER_REPOSITORY');

export type DeadLetterStatus = 'pending' | 'replayed' | 'discarded';

export interface DeadLetter {
  id: string;
  dlqTopic: string;
  originTopic: string;
  groupId: string;
  tenantId: string | null;
  eventId: string | null;
  key: string;
  /** The original value; null for a tombstone or when it was too large to keep (then `original` says what it was). */
  value: string | null;
  original: { bytes: number; sha256: string } | null;
  headers: Record<string, string>;
  errorClass: ErrorClass;
  errorMessage: string;
  attempts: number;
  firstFailedAt: string;
  deadAt: string;
  status: DeadLetterStatus;
  replayCount: number;
  lastReplayedAt: string | null;
  discardReason: string | null;
  resolvedBy: string | null;
}

export interface DeadLetterFilter {
  /** null: every tenant (root key only). */
  tenantId: string | null;
  topic?: string;
  errorClass?: ErrorClass;
  status?: DeadLetterStatus;
  from?: Date;
  to?: Date;
}

export interface DeadLetterRepository {
  /** Idempotent on id. */
  insert(letters: Omit<DeadLetter, 'status' | 'replayCount' | 'lastReplayedAt' | 'discardReason' | 'resolvedBy'>[]): Promise<void>;
  /** Newest first; cursor is the last item of the previous page. */
  list(filter: DeadLetterFilter, limit: number, after?: { deadAt: string; id: string }): Promise<DeadLetter[]>;
  findByIds(tenantId: string | null, ids: string[]): Promise<DeadLetter[]>;
  markReplayed(ids: string[], by: string): Promise<void>;
  markDiscarded(ids: string[], reason: string, by: string): Promise<void>;
  pendingByTopic(): Promise<{ topic: string; count: number }[]>;
}
