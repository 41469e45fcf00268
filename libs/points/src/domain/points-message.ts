import type { PointsAwardedMessage } from '@questline/contracts';
import type { BalanceView, NewLedgerEntry } from './ledger.repository';

/** The outcome message of one ledger entry, with the balance it left (earn, spend, refund, expire alike). */
export function pointsMessage(entry: NewLedgerEntry, eventType: string, balance: BalanceView | undefined, rescore?: PointsAwardedMessage['rescore']): PointsAwardedMessage {
  return {
    kind: entry.kind,
    tenantId: entry.tenantId,
    userId: entry.userId,
    eventId: entry.sourceEventId,
    eventType,
    currency: entry.currency,
    amount: entry.amount,
    ruleId: entry.ruleId ?? '',
    ruleVersion: entry.ruleVersion ?? 0,
    ledgerKey: entry.idempotencyKey,
    lifetime: balance?.lifetime ?? 0,
    spendable: balance?.spendable ?? 0,
    net: balance?.net ?? 0,
    occurredAt: entry.occurredAt,
    ...(entry.scopes && Object.keys(entry.scopes).length > 0 ? { scopes: entry.scopes } : {}),
    ...(rescore ? { rescore } : {}),
  };
}
