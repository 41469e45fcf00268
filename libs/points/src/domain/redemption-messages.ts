import { Topics, userPartitionKey, type RedemptionUpdatedMessage } from '@questline/contracts';
import type { MessageBus } from '@questline/messaging';
import type { RedemptionView } from './rewards.repository';

/** Redemption ids are derived from (tenant, Idempotency-Key or grant key): a repeat finds the same redemption. */
export const REDEMPTION_NAMESPACE = '3f6b1c2e-9a4d-4e8f-b7c1-5d2e8a9f0b13';

/** Seed 000's redemption family on questline.redemption.updated.v1 (the notifications feed reads it), deduplicated per redemption and state. */
export function publishRedemption(bus: MessageBus, tenantId: string, r: RedemptionView): Promise<void> {
  const value: RedemptionUpdatedMessage = {
    tenantId,
    userId: r.userId,
    redemptionId: r.id,
    itemId: r.itemId,
    status: r.status,
    currency: r.currency,
    cost: r.cost,
    reason: r.reason,
    dedupKey: `redemption:${r.id}:${r.status}`,
    at: r.updatedAt,
  };
  return bus.publish(Topics.RedemptionUpdated, [{ key: userPartitionKey(tenantId, r.userId), value }]);
}
