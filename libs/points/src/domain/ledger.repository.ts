export const LEDGER_REPOSITORY = Symbol('LEDGER_REPOSITORY');

export type LedgerKind = 'earn' | 'spend' | 'expire' | 'refund' | 'adjust' | 'compensate';

export interface NewLedgerEntry {
  tenantId: string;
  userId: string;
  currency: string;
  amount: number;
  kind: LedgerKind;
  sourceEventId: string;
  ruleId: string | null;
  ruleVersion: number | null;
  idempotencyKey: string;
  occurredAt: string;
  /** False when the event failed the pack's leaderboard gate (default true). */
  public?: boolean;
  /** The event's dimension values (leaderboard scopes). */
  scopes?: Record<string, string>;
}

export interface BalanceView {
  tenantId: string;
  userId: string;
  currency: string;
  /** Gross earned (positive credits only): never goes down. */
  lifetime: number;
  spendable: number;
  /** Earned net of penalties and corrections, not of spending: the level basis where a pack allows level-down. */
  net: number;
}

export interface LedgerEntryView {
  id: string;
  idempotencyKey: string;
  currency: string;
  amount: number;
  kind: LedgerKind;
  sourceEventId: string;
  ruleId: string | null;
  ruleVersion: number | null;
  occurredAt: string;
  createdAt: string;
}

export interface LedgerRepository {
  /**
   * Appends the entries in ONE transaction: rows whose (tenant, idempotency key) exists are skipped,
   * balances move only for rows actually inserted. Returns the resulting balance of every
   * (tenant, user, currency) touched, and how many rows were new.
   */
  append(entries: NewLedgerEntry[]): Promise<{ inserted: number; balances: BalanceView[] }>;
  balances(tenantId: string, userId: string): Promise<BalanceView[]>;
  /** Newest first, after `beforeId` (the cursor), filtered. */
  entries(tenantId: string, userId: string, query: LedgerQuery): Promise<LedgerEntryView[]>;
  /**
   * Debits the spendable balance, once per idempotency key: locks the balance row, refuses an
   * overdraft (nothing written), writes the entry and moves the balance in one transaction. A
   * repeated key returns the entry it wrote first.
   */
  spend(req: SpendRequest): Promise<SpendOutcome>;
  /**
   * Per user, how much of `currency` has expired by `cutoff` and is still unconsumed, oldest first:
   * credits with event time before the cutoff, minus everything consumed so far (spends, expiries,
   * penalties, less refunds), at most the spendable balance.
   */
  expirable(tenantId: string, currency: string, cutoff: Date): Promise<{ userId: string; amount: number }[]>;
  /** Credits back (part of) a spend, once per idempotency key, never more than what is left of it. */
  refund(req: RefundRequest): Promise<SpendOutcome>;
}

export interface LedgerQuery {
  limit: number;
  beforeId?: bigint;
  currency?: string;
  kind?: LedgerKind;
  from?: Date;
  to?: Date;
}

export interface SpendRequest {
  tenantId: string;
  userId: string;
  currency: string;
  amount: number;
  /** The client's Idempotency-Key (stored as `spend:<key>`). */
  idempotencyKey: string;
  /** The spend's id: recorded as the entry's source (a spend has no event). */
  spendId: string;
  reason: string | null;
}

export interface RefundRequest {
  tenantId: string;
  userId: string;
  /** The spend being refunded. */
  spendId: string;
  /** Default: all that is left of the spend. */
  amount: number | null;
  idempotencyKey: string;
}

export type SpendOutcome =
  | { status: 'written' | 'replayed'; entry: LedgerEntryView; balance: BalanceView }
  | { status: 'insufficient'; balance: BalanceView | null; requested: number }
  | { status: 'key_reused'; entry: LedgerEntryView }
  | { status: 'unknown_spend' }
  | { status: 'over_refund'; refundable: number };
