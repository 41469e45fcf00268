import type { Scopes } from '@questline/contracts';
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
  scopes?: Scopes;
  /** What the entry adds to lifetime earned, where not max(amount, 0): a re-scoring correction's share of its run's net gain. */
  lifetimeCredit?: number;
  /**
   * The currency's floor, on every entry of the scoring pipeline in a currency that has one: its
   * debits take the balance down to it and no further (see domain/floor).
   */
  floor?: number;
  /** A re-scoring correction's change in what the rules ask, where an earlier debit of its event was held at a floor (see domain/floor). */
  requested?: number;
  /** Never held at the floor: a reversal undoes exactly what its event booked. */
  exact?: boolean;
}

export interface AppendResult {
  /** How many rows were new. */
  inserted: number;
  /** The resulting balance of every (tenant, user, currency) touched. */
  balances: BalanceView[];
  /** What the ledger holds for each entry, in order: its amount, unless a floor held it (or, for a key stored before, what was stored then). */
  amounts: number[];
}

/** Copied field by field on the hot path (`balancesAfterEach`): a new field must be added there too. */
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
  /** For an entry of a support adjustment: why, and who. */
  adjustment?: AdjustmentView;
  /**
   * On a re-scoring correction: what it added to lifetime earned. A run raises lifetime by the
   * user's net gain in it, so a correction that only moves credit between events (under a cap or
   * a once-per key) adds less than its amount, often 0. Absent: the amount when positive, else 0.
   */
  lifetimeCredit?: number;
  /** The event's dimension values the entry counts under (board scopes: `{ "tag": ["python", "django"] }`); absent when none. */
  scopes?: Scopes;
  /** Where the currency's floor held a debit back: what was asked (`amount` is what was booked). */
  requested?: number;
}

export interface LedgerRepository {
  /**
   * Appends the entries in ONE transaction: rows whose (tenant, idempotency key) exists are skipped,
   * balances move only for rows actually inserted. A debit with a `floor` takes the balance down to
   * it and no further, in batch order (each sees what the earlier ones left); a batch with any
   * entry of such a currency locks those balances before it writes (so every writer of them does,
   * and two never wait on each other in opposite orders). Returns the resulting
   * balance of every (tenant, user, currency) touched, how many rows were new and what each entry
   * booked.
   */
  append(entries: NewLedgerEntry[]): Promise<AppendResult>;
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
  /**
   * A support adjustment, once per idempotency key: locks the balance, refuses a debit past zero
   * unless `allowNegative`, writes the entry (kind `adjust`) and its explanation, and moves the
   * balance (a credit raises lifetime, spendable and net; a debit lowers spendable and net).
   */
  adjust(req: AdjustRequest): Promise<AdjustOutcome>;
}

export interface AdjustRequest {
  tenantId: string;
  userId: string;
  currency: string;
  /** Positive: a credit; negative: a debit. */
  amount: number;
  idempotencyKey: string;
  adjustmentId: string;
  reason: string;
  note: string | null;
  actor: string;
  allowNegative: boolean;
}

/** Why an operator adjusted a balance. */
export interface AdjustmentView {
  id: string;
  reason: string;
  note: string | null;
  /** The API key that made it (`root`, or a key id). */
  actor: string;
}

export type AdjustOutcome =
  | { status: 'written' | 'replayed'; entry: LedgerEntryView; balance: BalanceView; adjustment: AdjustmentView }
  | { status: 'insufficient'; balance: BalanceView | null; requested: number }
  | { status: 'key_reused'; entry: LedgerEntryView };

export interface LedgerQuery {
  limit: number;
  beforeId?: bigint;
  currency?: string;
  kind?: LedgerKind;
  from?: Date;
  to?: Date;
  /** Entries of this source event only. */
  eventId?: string;
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
