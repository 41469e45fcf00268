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
  lifetime: number;
  spendable: number;
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
