import { Topics, userPartitionKey, type BalanceChangedMessage } from '@questline/contracts';
import type { MessageBus } from '@questline/messaging';

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
