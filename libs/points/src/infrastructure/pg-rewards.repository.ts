import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, withTransaction, type SqlClient, type SqlPool } from '@questline/persistence';
import { MAX_STOCK, type RedeemOutcome, type RedemptionView, type RewardItem, type RewardsRepository, type SettleOutcome } from '../domain/rewards.repository';
import { debitIfCovered, insertEntry, lockBalance, moveSpendable } from './prisma-ledger.repository';

const ITEM_COLUMNS = `id, name, description, currency, cost::text AS cost, stock, per_user_limit, available_from, available_until, fulfilment, min_level, requires_badges, active`;
const REDEMPTION_COLUMNS = `id::text, user_id, item_id, status, currency, cost::text AS cost, reason, granted, created_at, updated_at`;

interface ItemRow {
  id: string;
  name: string;
  description: string | null;
  currency: string;
  cost: string;
  stock: number | null;
  per_user_limit: number | null;
  available_from: Date | null;
  available_until: Date | null;
  fulfilment: string;
  min_level: number | null;
  requires_badges: string[];
  active: boolean;
}
interface RedemptionRow {
  id: string;
  user_id: string;
  item_id: string;
  status: string;
  currency: string;
  cost: string;
  reason: string | null;
  granted: boolean;
  created_at: Date;
  updated_at: Date;
  idempotency_key?: string;
}

const toItem = (r: ItemRow): RewardItem => ({
  id: r.id,
  name: r.name,
  description: r.description,
  currency: r.currency,
  cost: Number(r.cost),
  stock: r.stock,
  perUserLimit: r.per_user_limit,
  availableFrom: r.available_from?.toISOString() ?? null,
  availableUntil: r.available_until?.toISOString() ?? null,
  fulfilment: r.fulfilment === 'fulfilled' ? 'fulfilled' : 'digital',
  minLevel: r.min_level,
  requiresBadges: r.requires_badges,
  active: r.active,
});
const toRedemption = (r: RedemptionRow): RedemptionView => ({
  id: r.id,
  userId: r.user_id,
  itemId: r.item_id,
  status: r.status as RedemptionView['status'],
  currency: r.currency,
  cost: Number(r.cost),
  reason: r.reason,
  granted: r.granted,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** Rewards and redemptions next to the ledger they spend from: one database, one transaction per step. */
@Injectable()
export class PgRewardsRepository implements RewardsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async upsertItem(tenantId: string, i: RewardItem): Promise<RewardItem> {
    const { rows } = await this.pool.query<ItemRow>(
      `INSERT INTO reward_item (tenant_id, id, name, description, currency, cost, stock, per_user_limit, available_from, available_until, fulfilment, min_level, active, requires_badges, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())
       ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, description = excluded.description, currency = excluded.currency, cost = excluded.cost,
         stock = excluded.stock, per_user_limit = excluded.per_user_limit, available_from = excluded.available_from, available_until = excluded.available_until,
         fulfilment = excluded.fulfilment, min_level = excluded.min_level, active = excluded.active, requires_badges = excluded.requires_badges, updated_at = now()
       RETURNING ${ITEM_COLUMNS}`,
      [tenantId, i.id, i.name, i.description, i.currency, String(i.cost), i.stock, i.perUserLimit, i.availableFrom, i.availableUntil, i.fulfilment, i.minLevel, i.active, i.requiresBadges],
    );
    return toItem(rows[0]!);
  }

  async item(tenantId: string, itemId: string): Promise<RewardItem | null> {
    const { rows } = await this.pool.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM reward_item WHERE tenant_id = $1 AND id = $2`, [tenantId, itemId]);
    return rows[0] ? toItem(rows[0]) : null;
  }

  async items(tenantId: string): Promise<RewardItem[]> {
    const { rows } = await this.pool.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM reward_item WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
    return rows.map(toItem);
  }

  async adjustStock(tenantId: string, itemId: string, delta: number) {
    return withTransaction(this.pool, async (tx) => {
      const item = await lockItem(tx, tenantId, itemId);
      if (!item) return null;
      if (item.stock === null) return 'unlimited' as const;
      if (item.stock + delta < 0) return 'negative' as const;
      if (item.stock + delta > MAX_STOCK) return 'too_large' as const;
      const { rows } = await tx.query<ItemRow>(`UPDATE reward_item SET stock = stock + $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${ITEM_COLUMNS}`, [tenantId, itemId, delta]);
      return toItem(rows[0]!);
    });
  }

  async taken(tenantId: string, userId: string): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ item_id: string; n: string }>(
      `SELECT item_id, count(*)::text AS n FROM redemption WHERE tenant_id = $1 AND user_id = $2 AND status <> 'failed' GROUP BY item_id`,
      [tenantId, userId],
    );
    return new Map(rows.map((r) => [r.item_id, Number(r.n)]));
  }

  async redeem(req: { tenantId: string; userId: string; itemId: string; redemptionId: string; idempotencyKey: string; now: Date }): Promise<RedeemOutcome> {
    try {
      return await this.redeemOnce(req);
    } catch (err) {
      // Copies of one key racing: the unique key lets one in; the others are answered from it.
      if ((err as { code?: string }).code !== '23505') throw err;
      const repeat = await this.repeatOf(req);
      if (!repeat) throw err;
      return repeat;
    }
  }

  /** The answer to a key already used: the first redemption (a replay), or a refusal when it was for another user or item. */
  private async repeatOf(req: { tenantId: string; userId: string; itemId: string; idempotencyKey: string }): Promise<RedeemOutcome | null> {
    const r = await this.byKey(req.tenantId, req.idempotencyKey);
    if (!r) return null;
    return r.userId === req.userId && r.itemId === req.itemId ? { status: 'replayed', redemption: r, entry: null, balance: null } : { status: 'key_reused', redemption: r };
  }

  private async redeemOnce(req: { tenantId: string; userId: string; itemId: string; redemptionId: string; idempotencyKey: string; now: Date }): Promise<RedeemOutcome> {
    // A repeat is answered before taking any lock. Two copies racing past this both queue on the
    // item; the second's redemption insert hits the unique key, its transaction rolls back (its
    // debit with it) and `redeem` answers it from the first.
    const repeat = await this.repeatOf(req);
    if (repeat) return repeat;
    return withTransaction(this.pool, async (tx) => {
      // The item row first: every redemption of this item queues here, so stock and limits are
      // read and taken by one transaction at a time. Four statements hold the lock.
      const item = await lockItem(tx, req.tenantId, req.itemId);
      if (!item) return { status: 'unknown_item' };
      if (!item.active) return { status: 'not_available', why: 'the item is not active' };
      if (item.availableFrom && req.now < new Date(item.availableFrom)) return { status: 'not_available', why: `available from ${item.availableFrom}` };
      if (item.availableUntil && req.now >= new Date(item.availableUntil)) return { status: 'not_available', why: `available until ${item.availableUntil}` };
      if (item.stock !== null && item.stock <= 0) return { status: 'out_of_stock' };
      if (item.perUserLimit !== null) {
        const { rows } = await tx.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM redemption WHERE tenant_id = $1 AND user_id = $2 AND item_id = $3 AND status <> 'failed'`,
          [req.tenantId, req.userId, req.itemId],
        );
        if (Number(rows[0]!.n) >= item.perUserLimit) return { status: 'limit_reached', limit: item.perUserLimit };
      }
      // The debit is conditional: no row back means the balance does not cover the cost.
      const after = await debitIfCovered(tx, req.tenantId, req.userId, item.currency, item.cost);
      if (!after) {
        const { rows } = await tx.query<{ s: string }>('SELECT spendable::text AS s FROM balance WHERE tenant_id = $1 AND user_id = $2 AND currency = $3', [req.tenantId, req.userId, item.currency]);
        return { status: 'insufficient', spendable: Number(rows[0]?.s ?? 0), cost: item.cost };
      }
      const entry = await insertEntry(tx, {
        tenantId: req.tenantId,
        userId: req.userId,
        currency: item.currency,
        amount: -item.cost,
        kind: 'spend',
        sourceEventId: req.redemptionId,
        ruleId: null,
        ruleVersion: null,
        idempotencyKey: `redeem:${req.redemptionId}`,
        occurredAt: req.now.toISOString(),
      });
      const { rows } = await tx.query<RedemptionRow>(
        `WITH taken AS (UPDATE reward_item SET stock = stock - 1, updated_at = now() WHERE tenant_id = $1 AND id = $4 AND stock IS NOT NULL)
         INSERT INTO redemption (tenant_id, id, user_id, item_id, idempotency_key, status, currency, cost)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${REDEMPTION_COLUMNS}`,
        [req.tenantId, req.redemptionId, req.userId, req.itemId, req.idempotencyKey, item.fulfilment === 'digital' ? 'finalized' : 'started', item.currency, String(item.cost)],
      );
      return { status: 'written', redemption: toRedemption(rows[0]!), entry, balance: after };
    });
  }

  async settle(req: { tenantId: string; redemptionId: string; to: 'finalized' | 'failed'; reason: string | null }): Promise<SettleOutcome> {
    return withTransaction(this.pool, async (tx) => {
      const { rows: [found] } = await tx.query<RedemptionRow>(`SELECT ${REDEMPTION_COLUMNS} FROM redemption WHERE tenant_id = $1 AND id = $2`, [req.tenantId, req.redemptionId]);
      if (!found) return { status: 'unknown_redemption' };
      // Same lock order as redeem: the item, then the redemption, then the balance.
      await lockItem(tx, req.tenantId, found.item_id);
      const { rows: [row] } = await tx.query<RedemptionRow>(`SELECT ${REDEMPTION_COLUMNS} FROM redemption WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [req.tenantId, req.redemptionId]);
      const current = toRedemption(row!);
      if (current.status === req.to) return { status: 'replayed', redemption: current, entry: null, balance: null };
      if (current.status !== 'started') return { status: 'not_started', redemption: current };
      let entry = null;
      let balance = null;
      if (req.to === 'failed' && current.cost > 0) {
        await lockBalance(tx, req.tenantId, current.userId, current.currency);
        entry = await insertEntry(tx, {
          tenantId: req.tenantId,
          userId: current.userId,
          currency: current.currency,
          amount: current.cost,
          kind: 'refund',
          sourceEventId: current.id,
          ruleId: null,
          ruleVersion: null,
          idempotencyKey: `redeem-refund:${current.id}`,
          occurredAt: new Date().toISOString(),
        });
        balance = await moveSpendable(tx, req.tenantId, current.userId, current.currency, current.cost);
      }
      if (req.to === 'failed') await tx.query('UPDATE reward_item SET stock = stock + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND stock IS NOT NULL', [req.tenantId, current.itemId]);
      const { rows: [done] } = await tx.query<RedemptionRow>(
        `UPDATE redemption SET status = $3, reason = $4, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${REDEMPTION_COLUMNS}`,
        [req.tenantId, req.redemptionId, req.to, req.reason],
      );
      return { status: 'written', redemption: toRedemption(done!), entry, balance };
    });
  }

  async grant(req: { tenantId: string; userId: string; itemId: string; redemptionId: string; idempotencyKey: string }): Promise<{ status: 'written' | 'replayed'; redemption: RedemptionView }> {
    const repeat = await this.byKey(req.tenantId, req.idempotencyKey);
    if (repeat) return { status: 'replayed', redemption: repeat };
    try {
      return await withTransaction(this.pool, async (tx) => {
        // The item lock, as for a purchase: the unit is taken, or the grant fails for want of one.
        const item = await lockItem(tx, req.tenantId, req.itemId);
        const refused = !item ? 'unknown item' : !item.active ? 'the item is not active' : item.stock !== null && item.stock <= 0 ? 'out of stock' : null;
        const { rows } = await tx.query<RedemptionRow>(
          `WITH taken AS (UPDATE reward_item SET stock = stock - 1, updated_at = now() WHERE tenant_id = $1 AND id = $4 AND stock IS NOT NULL AND $9::text IS NULL)
           INSERT INTO redemption (tenant_id, id, user_id, item_id, idempotency_key, status, currency, cost, reason, granted)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, true) RETURNING ${REDEMPTION_COLUMNS}`,
          [req.tenantId, req.redemptionId, req.userId, req.itemId, req.idempotencyKey, refused ? 'failed' : item!.fulfilment === 'digital' ? 'finalized' : 'started', item?.currency ?? '', refused ? `grant refused: ${refused}` : null, refused],
        );
        return { status: 'written' as const, redemption: toRedemption(rows[0]!) };
      });
    } catch (err) {
      const again = (err as { code?: string }).code === '23505' ? await this.byKey(req.tenantId, req.idempotencyKey) : null;
      if (!again) throw err;
      return { status: 'replayed', redemption: again };
    }
  }

  /** The redemption (bought or granted) recorded under a key, if any. */
  private async byKey(tenantId: string, idempotencyKey: string): Promise<RedemptionView | null> {
    const { rows } = await this.pool.query<RedemptionRow>(`SELECT ${REDEMPTION_COLUMNS} FROM redemption WHERE tenant_id = $1 AND idempotency_key = $2`, [tenantId, idempotencyKey]);
    return rows[0] ? toRedemption(rows[0]) : null;
  }

  async revokeGrant(tenantId: string, idempotencyKey: string, reason: string): Promise<{ status: 'written' | 'replayed'; redemption: RedemptionView } | null> {
    const found = await this.byKey(tenantId, idempotencyKey);
    if (!found) return null;
    return withTransaction(this.pool, async (tx) => {
      // Same lock order as redeem and settle: the item, then the redemption.
      await lockItem(tx, tenantId, found.itemId);
      const { rows: [row] } = await tx.query<RedemptionRow>(`SELECT ${REDEMPTION_COLUMNS} FROM redemption WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, found.id]);
      const current = toRedemption(row!);
      if (current.status === 'failed') return { status: 'replayed' as const, redemption: current };
      await tx.query('UPDATE reward_item SET stock = stock + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND stock IS NOT NULL', [tenantId, current.itemId]);
      const { rows: [done] } = await tx.query<RedemptionRow>(
        `UPDATE redemption SET status = 'failed', reason = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${REDEMPTION_COLUMNS}`,
        [tenantId, current.id, reason],
      );
      return { status: 'written' as const, redemption: toRedemption(done!) };
    });
  }

  async heldAchievements(tenantId: string, userId: string): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ achievement_id: string }>('SELECT DISTINCT achievement_id FROM achievement_unlock WHERE tenant_id = $1 AND user_id = $2', [tenantId, userId]);
    return new Set(rows.map((r) => r.achievement_id));
  }

  async list(tenantId: string, userId: string): Promise<RedemptionView[]> {
    const { rows } = await this.pool.query<RedemptionRow>(`SELECT ${REDEMPTION_COLUMNS} FROM redemption WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at DESC, id LIMIT 500`, [tenantId, userId]);
    return rows.map(toRedemption);
  }

  async stale(tenantId: string | null, before: Date, limit: number): Promise<{ tenantId: string; id: string }[]> {
    const { rows } = await this.pool.query<{ tenant_id: string; id: string }>(
      `SELECT tenant_id, id::text FROM redemption WHERE status = 'started' AND created_at < $2 AND ($1::text IS NULL OR tenant_id = $1) ORDER BY created_at LIMIT $3`,
      [tenantId, before, limit],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
  }
}

async function lockItem(tx: SqlClient, tenantId: string, itemId: string): Promise<RewardItem | null> {
  const { rows } = await tx.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM reward_item WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, itemId]);
  return rows[0] ? toItem(rows[0]) : null;
}
