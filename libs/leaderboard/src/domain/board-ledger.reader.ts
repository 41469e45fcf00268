import type { Scopes } from '@questline/contracts';
import type { BoardScope } from './rank-store.port';

export const BOARD_LEDGER = Symbol('BOARD_LEDGER');

/** A public, board-counting ledger entry of one user (to put a restored user back on every board). */
export interface BoardEntry {
  currency: string;
  amount: number;
  occurredAt: number;
  scopes?: Scopes;
}

/**
 * What leaderboards read from the points ledger (the source of truth boards are a view of):
 * totals, recent award keys and scope values of public earn/adjust/compensate entries. Read-only:
 * the ledger is written by the points context alone.
 */
export interface BoardLedgerReader {
  /**
   * What a board of `currency` should hold for [from, to) (event time): per user, the sum of
   * public earn/adjust/compensate entries and when the last of them happened; users excluded from
   * leaderboards are left out, and a scope keeps the entries whose event had that dimension value.
   */
  boardTotals(tenantId: string, currency: string, from: Date, to: Date, scope?: BoardScope): Promise<{ userId: string; score: number; lastAt: number }[]>;
  /** Idempotency keys of public board-counting entries of `currency` written since `since` (write time). */
  recentBoardKeys(tenantId: string, currency: string, since: Date): Promise<string[]>;
  /** The dimension values board-counting entries of [from, to) had (the scopes a finished period has). */
  scopeValues(tenantId: string, currency: string, from: Date, to: Date, dimensions: string[]): Promise<BoardScope[]>;
  /** When the board-counting entries of `currency` from `from` on begin and end (event time), or null when there are none. */
  activeSpan(tenantId: string, currency: string, from: Date): Promise<{ first: number; last: number } | null>;
  /**
   * Whether [from, to) (event time) has any board-counting entry of `currency` in this scope,
   * whoever's and whatever they sum to (excluded and erased users included): a period the ledger
   * still covers, as opposed to one a changed calendar moved away from.
   */
  hasEntries(tenantId: string, currency: string, from: Date, to: Date, scope?: BoardScope): Promise<boolean>;
  /** Whether board-counting entries of [from, to) (event time) were written since `sinceMs` (write time): history still arriving. */
  recentlyWritten(tenantId: string, currency: string, from: Date, to: Date, sinceMs: number): Promise<boolean>;
  /**
   * The values of `dimension` a user's public board-counting entries of these currencies were
   * under (each value of a list), with what they total all-time, largest first (then by value); at
   * most `limit`. A Q&A user's top tags.
   */
  userScopeValues(tenantId: string, userId: string, currencies: string[], dimension: string, limit: number): Promise<{ value: string; total: number }[]>;
  /** A user's public board-counting entries of these currencies. */
  boardEntries(tenantId: string, userId: string, currencies: string[]): Promise<BoardEntry[]>;
}
