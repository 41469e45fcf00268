import { Topics, userPartitionKey, type BalanceChangedMessage } from '@questline/contracts';
import type { MessageBus } from '@questline/messaging';
import type { BalanceView, LedgerEntryView } from './ledger.repository';
import { pointsMessage } from './points-message';

/**
 * Announces spends, refunds and expiries on questline.balance.changed.v1 and, while
 * `legacy` (PUBLISH_LEGACY_DEBITS), a copy on questline.points.awarded.v1 where they travelled
 * before: consumers of the previous release keep seeing them during a rolling upgrade. The ledger
 * key is the same in both, so a consumer reading both dedups them.
 */
export async function publishBalanceChanges(bus: MessageBus, messages: BalanceChangedMessage[], legacy: boolean): Promise<void> {
  const out = messages.map((value) => ({ key: userPartitionKey(value.tenantId, value.userId), value }));
  await bus.publish(Topics.BalanceChanged, out);
  if (legacy) await bus.publish(Topics.PointsAwarded, out);
}

/** Announces one spend or refund entry (`points.spent` / `points.refunded`) with the balance it left. */
export function announceDebit(bus: MessageBus, legacy: boolean, tenantId: string, userId: string, entry: LedgerEntryView, balance: BalanceView): Promise<void> {
  const refund = entry.kind === 'refund';
  const value = pointsMessage({ ...entry, tenantId, userId }, refund ? 'points.refunded' : 'points.spent', balance);
  return publishBalanceChanges(bus, [{ ...value, kind: refund ? 'refund' : 'spend' }], legacy);
}
