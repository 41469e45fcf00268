import type { BalanceView, LedgerEntryView } from './ledger.repository';

export const REWARDS_REPOSITORY = Symbol('REWARDS_REPOSITORY');

/** The most units of an item in stock (what `PUT` accepts; the column is a 32-bit integer). */
export const MAX_STOCK = 1_000_000_000;

export type Fulfilment = 'digital' | 'fulfilled';
export type RedemptionStatus = 'started' | 'finalized' | 'failed';

/** One item of a tenant's rewards catalog. `stock` null: unlimited. */
export interface RewardItem {
  id: string;
  name: string;
  description: string | null;
  currency: string;
  cost: number;
  stock: number | null;
  perUserLimit: number | null;
  availableFrom: string | null;
  availableUntil: string | null;
  fulfilment: Fulfilment;
  minLevel: number | null;
  /** Achievements the user must hold to redeem it (eligibility by badges held). */
  requiresBadges: string[];
  active: boolean;
}

export interface RedemptionView {
  id: string;
  userId: string;
  itemId: string;
  status: RedemptionStatus;
  currency: string;
  cost: number;
  reason: string | null;
  /** Granted by an achievement's reward (cost 0), not bought. */
  granted: boolean;
  createdAt: string;
  updatedAt: string;
}

export type RedeemOutcome =
  | { status: 'written' | 'replayed'; redemption: RedemptionView; entry: LedgerEntryView | null; balance: BalanceView | null }
  | { status: 'unknown_item' }
  | { status: 'not_available'; why: string }
  | { status: 'out_of_stock' }
  | { status: 'limit_reached'; limit: number }
  | { status: 'insufficient'; spendable: number; cost: number }
  | { status: 'key_reused'; redemption: RedemptionView };

export type SettleOutcome =
  | { status: 'written' | 'replayed'; redemption: RedemptionView; entry: LedgerEntryView | null; balance: BalanceView | null }
  | { status: 'unknown_redemption' }
  | { status: 'not_started'; redemption: RedemptionView };

export interface RewardsRepository {
  upsertItem(tenantId: string, item: RewardItem): Promise<RewardItem>;
  item(tenantId: string, itemId: string): Promise<RewardItem | null>;
  items(tenantId: string): Promise<RewardItem[]>;
  /** Moves finite stock by `delta`; null when the item is unknown, 'unlimited' for an unlimited item, 'negative' below 0, 'too_large' above MAX_STOCK. */
  adjustStock(tenantId: string, itemId: string, delta: number): Promise<RewardItem | null | 'negative' | 'unlimited' | 'too_large'>;
  /** Live redemptions (started or finalized) per item for a user: what per-user limits count. */
  taken(tenantId: string, userId: string): Promise<Map<string, number>>;
  /**
   * One transaction: the item row locked (every redemption of an item queues on it), the key
   * checked under that lock, availability, stock and the user's limit checked, the balance row
   * locked and the cost debited as a ledger spend (source: the redemption id), the stock taken,
   * and the redemption written — finalized for a digital item, started for one to fulfil. Nothing
   * is written unless everything is.
   */
  redeem(req: { tenantId: string; userId: string; itemId: string; redemptionId: string; idempotencyKey: string; now: Date }): Promise<RedeemOutcome>;
  /** Finalizes (`confirm`) or fails a started redemption; failing refunds the cost and returns the unit, in one transaction. */
  settle(req: { tenantId: string; redemptionId: string; to: 'finalized' | 'failed'; reason: string | null }): Promise<SettleOutcome>;
  /**
   * An item given with an achievement (its `grant_key` = the award key): one transaction under the
   * item lock takes a unit and writes a redemption of cost 0 — finalized for a digital item,
   * started for one to fulfil — or, when there is no unit to give (unknown, inactive, out of
   * stock), a failed one that says why. Per-user limits, windows and balances do not apply to a gift.
   */
  grant(req: { tenantId: string; userId: string; itemId: string; redemptionId: string; idempotencyKey: string }): Promise<{ status: 'written' | 'replayed'; redemption: RedemptionView }>;
  /** Takes a granted item back (an achievement revoked under `clawback`): the redemption failed and its unit returned, once. Null when nothing was granted under the key. */
  revokeGrant(tenantId: string, idempotencyKey: string, reason: string): Promise<{ status: 'written' | 'replayed'; redemption: RedemptionView } | null>;
  /** The achievements a user holds (read-only from the achievements context): item eligibility. */
  heldAchievements(tenantId: string, userId: string): Promise<Set<string>>;
  list(tenantId: string, userId: string): Promise<RedemptionView[]>;
  /** Started redemptions older than `before` (fulfilled items nobody confirmed). */
  stale(tenantId: string | null, before: Date, limit: number): Promise<{ tenantId: string; id: string }[]>;
}
