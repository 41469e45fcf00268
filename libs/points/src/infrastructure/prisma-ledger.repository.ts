import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PRISMA, withTransaction, type Db, type SqlPool } from '@questline/persistence';
import type { BalanceView, LedgerEntryView, LedgerKind, LedgerRepository, NewLedgerEntry } from '../domain/ledger.repository';

/**
 * Hot path in raw SQL over the shared pg pool (not Prisma: see createDatabase): one INSERT ... SELECT FROM unnest(...) for the whole batch with
 * ON CONFLICT DO NOTHING on (tenant_id, idempotency_key), and balance upserts computed from the
 * rows that were actually inserted, all in one transaction. Balance rows are locked in key order
 * so concurrent batches cannot deadlock on them.
 */
const APPEND_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::uuid[], $7::text[], $8::int[], $9::text[], $10::timestamptz[])
    AS t(tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
), inserted AS (
  INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
  SELECT * FROM input
  ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
  RETURNING tenant_id, user_id, currency, amount, kind
), sums AS (
  SELECT tenant_id, user_id, currency, sum(amount) AS delta, sum(greatest(amount, 0)) AS earned,
         coalesce(sum(amount) FILTER (WHERE kind IN ('earn', 'adjust', 'compensate')), 0) AS net, count(*) AS n
  FROM inserted GROUP BY tenant_id, user_id, currency
), upserted AS (
  INSERT INTO balance (tenant_id, user_id, currency, lifetime, spendable, net, updated_at)
  SELECT tenant_id, user_id, currency, earned, delta, net, now() FROM sums ORDER BY tenant_id, user_id, currency
  ON CONFLICT (tenant_id, user_id, currency) DO UPDATE
    SET lifetime = balance.lifetime + excluded.lifetime, spendable = balance.spendable + excluded.spendable,
        net = balance.net + excluded.net, updated_at = now()
  RETURNING 1
)
SELECT coalesce((SELECT sum(n) FROM sums), 0)::int AS inserted, (SELECT count(*) FROM upserted)::int AS balances`;

const BALANCES_SQL = `
SELECT b.tenant_id, b.user_id, b.currency, b.lifetime::text AS lifetime, b.spendable::text AS spendable, b.net::text AS net
FROM balance b
JOIN (SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::text[]) AS k(tenant_id, user_id, currency)) k
  ON b.tenant_id = k.tenant_id AND b.user_id = k.user_id AND b.currency = k.currency`;

interface BalanceRow {
  tenant_id: string;
  user_id: string;
  currency: string;
  lifetime: string;
  spendable: string;
  net: string;
}

const toView = (r: BalanceRow): BalanceView => ({
  tenantId: r.tenant_id,
  userId: r.user_id,
  currency: r.currency,
  lifetime: Number(r.lifetime),
  spendable: Number(r.spendable),
  net: Number(r.net),
});

@Injectable()
export class PrismaLedgerRepository implements LedgerRepository {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(PG_POOL) private readonly pool: SqlPool,
  ) {}

  async append(entries: NewLedgerEntry[]): Promise<{ inserted: number; balances: BalanceView[] }> {
    if (entries.length === 0) return { inserted: 0, balances: [] };
    const col = <K extends keyof NewLedgerEntry>(k: K) => entries.map((e) => e[k]);
    return withTransaction(this.pool, async (tx) => {
      const { rows: [result] } = await tx.query<{ inserted: number }>(APPEND_SQL, [
        col('tenantId'),
        col('userId'),
        col('currency'),
        entries.map((e) => String(e.amount)),
        col('kind'),
        col('sourceEventId'),
        col('ruleId'),
        col('ruleVersion'),
        col('idempotencyKey'),
        col('occurredAt'),
      ]);
      const { rows } = await tx.query<BalanceRow>(BALANCES_SQL, [col('tenantId'), col('userId'), col('currency')]);
      return { inserted: Number(result?.inserted ?? 0), balances: rows.map(toView) };
    });
  }

  async balances(tenantId: string, userId: string): Promise<BalanceView[]> {
    const rows = await this.db.balance.findMany({ where: { tenantId, userId }, orderBy: { currency: 'asc' } });
    return rows.map((r) => ({ tenantId, userId, currency: r.currency, lifetime: Number(r.lifetime), spendable: Number(r.spendable), net: Number(r.net) }));
  }

  async entries(tenantId: string, userId: string, limit: number): Promise<LedgerEntryView[]> {
    const rows = await this.db.ledgerEntry.findMany({ where: { tenantId, userId }, orderBy: { id: 'desc' }, take: limit });
    return rows.map((r) => ({
      id: r.id.toString(),
      currency: r.currency,
      amount: Number(r.amount),
      kind: r.kind as LedgerKind,
      sourceEventId: r.sourceEventId,
      ruleId: r.ruleId,
      ruleVersion: r.ruleVersion,
      occurredAt: r.occurredAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
