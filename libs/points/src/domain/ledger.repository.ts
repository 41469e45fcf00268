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
  entries(tenantId: string, userId: string, limit: number): Promise<LedgerEntryView[]>;
}
