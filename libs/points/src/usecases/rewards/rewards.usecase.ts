import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { ConflictError, NotFoundError, ValidationFailedError } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { PACK_CATALOG, userLevel, type PackCatalog } from '@questline/rules';
import { announceDebit } from '../../domain/balance-changes';
import { LEDGER_REPOSITORY, type BalanceView, type LedgerEntryView, type LedgerRepository } from '../../domain/ledger.repository';
import { publishRedemption, REDEMPTION_NAMESPACE } from '../../domain/redemption-messages';
import { MAX_STOCK, REWARDS_REPOSITORY, type RedemptionView, type RewardItem, type RewardsRepository } from '../../domain/rewards.repository';

export interface RewardOffer extends RewardItem {
  /** For the user asked about: their spendable balance covers the cost. */
  affordable?: boolean;
  /** For the user asked about: their level and achievements allow it and their per-user limit is not used up. */
  eligible?: boolean;
  /** For the user asked about: live redemptions of this item they hold. */
  held?: number;
}

/**
 * The rewards catalog and redemptions. A redemption is one Postgres transaction next to the
 * ledger (item row locked, stock, limit and balance checked, cost debited, unit taken, redemption
 * written), so an item is never oversold and a cost never taken twice, whatever the concurrency:
 * the "inventory lock before settlement" of seed 000's gate 2, with the Idempotency-Key as its
 * grant key (gate 4). A fulfilled item stays `started` until the tenant confirms it or fails it
 * (the cost refunded and the unit returned in one transaction); a job fails the ones nobody
 * confirmed within REDEMPTION_TIMEOUT_HOURS.
 */
@Injectable()
export class RewardsUseCase extends Scheduled {
  constructor(
    @Inject(REWARDS_REPOSITORY) private readonly rewards: RewardsRepository,
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super();
    this.schedule('redemption timeout sweep', config.REDEMPTION_SWEEP_INTERVAL_MS, () => this.failStale(), logger);
  }

  async putItem(tenantId: string, id: string, dto: Omit<RewardItem, 'id' | 'availableFrom' | 'availableUntil' | 'description' | 'stock' | 'perUserLimit' | 'minLevel' | 'requiresBadges' | 'fulfilment' | 'active'> & {
    description?: string;
    requiresBadges?: string[];
    stock?: number;
    perUserLimit?: number;
    minLevel?: number;
    fulfilment?: 'digital' | 'fulfilled';
    active?: boolean;
    availableFrom?: Date;
    availableUntil?: Date;
  }): Promise<RewardItem> {
    if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(id)) throw new ValidationFailedError('Invalid item id.', [{ pointer: '/itemId', detail: 'lowercase letters, digits, _ . - (1–64)' }], 'validation_failed');
    const pack = this.packs.get(tenantId);
    if (!pack?.currencies.some((c) => c.id === dto.currency)) {
      throw new ValidationFailedError(`Unknown currency "${dto.currency}".`, [{ pointer: '/currency', detail: `not a currency of tenant "${tenantId}"` }], 'unknown_currency');
    }
    const unknown = (dto.requiresBadges ?? []).filter((b) => !pack.achievements.some((a) => a.id === b) && !/^level-\d+$/.test(b));
    if (unknown.length > 0) {
      throw new ValidationFailedError(`Unknown achievements: ${unknown.join(', ')}.`, unknown.map((b) => ({ pointer: '/requiresBadges', detail: `no achievement "${b}" in the pack` })), 'unknown_achievement');
    }
    if (dto.availableFrom && dto.availableUntil && !(dto.availableFrom < dto.availableUntil)) {
      throw new ValidationFailedError('The window ends before it starts.', [{ pointer: '/availableUntil', detail: 'must be after availableFrom' }], 'validation_failed');
    }
    return this.rewards.upsertItem(tenantId, {
      id,
      name: dto.name,
      description: dto.description ?? null,
      currency: dto.currency,
      cost: dto.cost,
      stock: dto.stock ?? null,
      perUserLimit: dto.perUserLimit ?? null,
      availableFrom: dto.availableFrom?.toISOString() ?? null,
      availableUntil: dto.availableUntil?.toISOString() ?? null,
      fulfilment: dto.fulfilment ?? 'digital',
      minLevel: dto.minLevel ?? null,
      requiresBadges: dto.requiresBadges ?? [],
      active: dto.active ?? true,
    });
  }

  async adjustStock(tenantId: string, itemId: string, delta: number): Promise<RewardItem> {
    const result = await this.rewards.adjustStock(tenantId, itemId, delta);
    if (result === null) throw new NotFoundError('unknown_item', `No reward item "${itemId}".`);
    if (result === 'unlimited') throw new ConflictError('stock_unlimited', `Item "${itemId}" has unlimited stock; set a stock with PUT first.`);
    if (result === 'negative') throw new ConflictError('stock_negative', `Stock of "${itemId}" cannot go below 0.`);
    if (result === 'too_large') throw new ConflictError('stock_too_large', `Stock of "${itemId}" cannot go above ${MAX_STOCK.toLocaleString('en')}.`);
    return result;
  }

  /** The catalog; with a user, only what is active and in its window now, with what they can afford and redeem. */
  async offers(tenantId: string, userId?: string): Promise<{ items: RewardOffer[] }> {
    const items = await this.rewards.items(tenantId);
    if (!userId) return { items };
    const now = Date.now();
    const open = items.filter((i) => i.active && (!i.availableFrom || Date.parse(i.availableFrom) <= now) && (!i.availableUntil || now < Date.parse(i.availableUntil)));
    const [balances, taken, badges] = await Promise.all([this.ledger.balances(tenantId, userId), this.rewards.taken(tenantId, userId), this.rewards.heldAchievements(tenantId, userId)]);
    const level = this.levelOf(tenantId, balances);
    return {
      items: open.map((i) => {
        const held = taken.get(i.id) ?? 0;
        const spendable = balances.find((b) => b.currency === i.currency)?.spendable ?? 0;
        return { ...i, affordable: spendable >= i.cost, eligible: (i.minLevel === null || level >= i.minLevel) && i.requiresBadges.every((b) => badges.has(b)) && (i.perUserLimit === null || held < i.perUserLimit), held };
      }),
    };
  }

  async redeem(tenantId: string, userId: string, itemId: string, idempotencyKey: string): Promise<{ replayed: boolean; redemption: RedemptionView }> {
    const item = await this.rewards.item(tenantId, itemId);
    if (item?.minLevel) {
      const level = this.levelOf(tenantId, await this.ledger.balances(tenantId, userId));
      if (level < item.minLevel) throw new ConflictError('not_eligible', `Item "${itemId}" needs level ${item.minLevel}; the user is at level ${level}. Nothing was reserved or spent.`);
    }
    if (item?.requiresBadges.length) {
      const badges = await this.rewards.heldAchievements(tenantId, userId);
      const missing = item.requiresBadges.filter((b) => !badges.has(b));
      if (missing.length > 0) throw new ConflictError('not_eligible', `Item "${itemId}" needs the achievements ${missing.map((b) => `"${b}"`).join(', ')}, which the user does not hold. Nothing was reserved or spent.`);
    }
    const redemptionId = uuidv5(`${tenantId}\n${idempotencyKey}`, REDEMPTION_NAMESPACE);
    const outcome = await this.rewards.redeem({ tenantId, userId, itemId, redemptionId, idempotencyKey, now: new Date() });
    switch (outcome.status) {
      case 'unknown_item':
        throw new NotFoundError('unknown_item', `No reward item "${itemId}".`);
      case 'not_available':
        throw new ConflictError('not_available', `Item "${itemId}" cannot be redeemed now: ${outcome.why}. Nothing was reserved or spent.`);
      case 'out_of_stock':
        throw new ConflictError('out_of_stock', `Item "${itemId}" is out of stock. Nothing was spent.`);
      case 'limit_reached':
        throw new ConflictError('limit_reached', `At most ${outcome.limit} of "${itemId}" per user. Nothing was reserved or spent.`);
      case 'insufficient':
        throw new ConflictError('insufficient_balance', `Spendable balance ${outcome.spendable} is less than the cost ${outcome.cost}. Nothing was reserved or spent.`);
      case 'key_reused':
        throw new ValidationFailedError('This Idempotency-Key was used for a different redemption.', [{ pointer: '/', detail: `key already recorded redemption ${outcome.redemption.id}` }], 'idempotency_key_reused');
      case 'written':
      case 'replayed':
        // A repeat announces again (same dedup keys): a crash after the commit loses no announcement.
        if (outcome.entry && outcome.balance) await this.announce(tenantId, userId, outcome.entry, outcome.balance);
        await publishRedemption(this.bus, tenantId, outcome.redemption);
        return { replayed: outcome.status === 'replayed', redemption: outcome.redemption };
    }
  }

  /** Confirms a fulfilled item's redemption, or fails it (cost refunded, unit returned). */
  async settle(tenantId: string, redemptionId: string, to: 'finalized' | 'failed', reason: string | null): Promise<RedemptionView> {
    const outcome = await this.rewards.settle({ tenantId, redemptionId, to, reason });
    if (outcome.status === 'unknown_redemption') throw new NotFoundError('unknown_redemption', `No redemption ${redemptionId}.`);
    if (outcome.status === 'not_started') throw new ConflictError('redemption_settled', `Redemption ${redemptionId} is already ${outcome.redemption.status}.`);
    if (outcome.entry && outcome.balance) await this.announce(tenantId, outcome.redemption.userId, outcome.entry, outcome.balance);
    await publishRedemption(this.bus, tenantId, outcome.redemption);
    return outcome.redemption;
  }

  list(tenantId: string, userId: string) {
    return this.rewards.list(tenantId, userId).then((redemptions) => ({ userId, redemptions }));
  }

  /** Fails started redemptions nobody confirmed in time (the reconciliation of fulfilled items). */
  async failStale(now = new Date()): Promise<number> {
    const stale = await this.rewards.stale(null, new Date(now.getTime() - this.config.REDEMPTION_TIMEOUT_HOURS * 3_600_000), 500);
    for (const s of stale) await this.settle(s.tenantId, s.id, 'failed', 'not confirmed in time').catch(() => undefined);
    return stale.length;
  }

  private levelOf(tenantId: string, balances: BalanceView[]): number {
    const curve = this.packs.get(tenantId)?.levels;
    return userLevel(curve, curve ? balances.find((x) => x.currency === curve.currency) : undefined);
  }

  private announce(tenantId: string, userId: string, entry: LedgerEntryView, balance: BalanceView): Promise<void> {
    return announceDebit(this.bus, this.config.PUBLISH_LEGACY_DEBITS, tenantId, userId, entry, balance);
  }
}
