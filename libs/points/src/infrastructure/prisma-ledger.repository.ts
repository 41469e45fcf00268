import { Inject, Injectable } from '@nestjs/common';
import type { Scopes } from '@questline/contracts';
import { jsonArrayParam, jsonAt, PG_POOL, PRISMA, retryOnDeadlock, withTransaction, type Db, type SqlPool } from '@questline/persistence';
import type { SqlClient } from '@questline/persistence';
import { holdAtFloor } from '../domain/floor';
import type { AdjustmentView, AdjustOutcome, AdjustRequest, AppendResult, BalanceView, LedgerEntryView, LedgerKind, LedgerQuery, LedgerRepository, NewLedgerEntry, RefundRequest, SpendOutcome, SpendRequest } from '../domain/ledger.repository';

/**
 * Hot path in raw SQL over the shared pg pool (not Prisma: see createDatabase), ONE statement per
 * batch (atomic on its own, one round trip): INSERT ... SELECT FROM unnest(...) with ON CONFLICT DO
 * NOTHING on (tenant_id, idempotency_key); balance upserts computed from the rows actually inserted,
 * in key order so concurrent batches cannot deadlock; the new balances come back through RETURNING,
 * and the untouched ones (a fully redelivered key) from the statement's snapshot. A batch with an
 * entry of a currency that has a floor runs the same statement in a transaction, after locking
 * those balances and folding the batch through the floor (floorStart, domain/floor).
 *
 * The statement for a batch; `credit`: some entry carries its own lifetime credit (a re-scoring's
 * corrections); `requested`: some entry was held at its currency's floor and keeps what was asked.
 * Live batches usually have neither and use the statement without those columns: one array and one
 * expression fewer per row, measurably cheaper (see the README's change table).
 */
const appendSql = ({ credit, requested }: { credit: boolean; requested: boolean }) => {
  const extra = [...(credit ? ['lifetime_credit'] : []), ...(requested ? ['requested'] : [])];
  const params = extra.map((_, i) => `, $${13 + i}::bigint[]`).join('');
  const columns = extra.map((c) => `, ${c}`).join('');
  return `
WITH input AS (
  SELECT tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at, public, ${jsonAt('$12', 'o', true)} AS scopes${columns}
    FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::uuid[], $7::text[], $8::int[], $9::text[], $10::timestamptz[], $11::boolean[]${params}) WITH ORDINALITY
      AS t(tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at, public${columns}, o)
), inserted AS (
  INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at, public, scopes${columns})
  SELECT * FROM input
  ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
  RETURNING tenant_id, user_id, currency, amount, kind${credit ? ', lifetime_credit' : ''}
), sums AS (
  SELECT tenant_id, user_id, currency, sum(amount) AS delta, sum(${credit ? 'coalesce(lifetime_credit, greatest(amount, 0))' : 'greatest(amount, 0)'}) AS earned,
         coalesce(sum(amount) FILTER (WHERE kind IN ('earn', 'adjust', 'compensate')), 0) AS net, count(*) AS n
  FROM inserted GROUP BY tenant_id, user_id, currency
), upserted AS (
  INSERT INTO balance (tenant_id, user_id, currency, lifetime, spendable, net, updated_at)
  SELECT tenant_id, user_id, currency, earned, delta, net, now() FROM sums ORDER BY tenant_id, user_id, currency
  ON CONFLICT (tenant_id, user_id, currency) DO UPDATE
    SET lifetime = balance.lifetime + excluded.lifetime, spendable = balance.spendable + excluded.spendable,
        net = balance.net + excluded.net, updated_at = now()
  RETURNING tenant_id, user_id, currency, lifetime, spendable, net
), total AS (SELECT coalesce(sum(n), 0)::int AS inserted FROM sums)
SELECT u.tenant_id, u.user_id, u.currency, u.lifetime::text AS lifetime, u.spendable::text AS spendable, u.net::text AS net, total.inserted
  FROM upserted u, total
UNION ALL
SELECT b.tenant_id, b.user_id, b.currency, b.lifetime::text, b.spendable::text, b.net::text, total.inserted
  FROM (SELECT DISTINCT tenant_id, user_id, currency FROM input) k
  JOIN balance b ON b.tenant_id = k.tenant_id AND b.user_id = k.user_id AND b.currency = k.currency
  CROSS JOIN total
 WHERE NOT EXISTS (SELECT 1 FROM sums s WHERE s.tenant_id = k.tenant_id AND s.user_id = k.user_id AND s.currency = k.currency)`;
};
const APPEND_SQL = [false, true].map((credit) => [false, true].map((requested) => appendSql({ credit, requested })));

/**
 * Locks the balance rows of the batch's currencies with a floor (created at zero where missing), in
 * key order like the append's own upsert, and reads what the ledger already holds under the
 * batch's keys: the floor's fold then sees every such balance as the batch's transaction will move
 * it. Every batch touching such a balance comes this way, locking it before it writes a row, so a
 * writer never holds a row another waits on while waiting for that other's balance lock. Balances
 * of other currencies are locked by the append statement itself, after its rows, as on the plain
 * path.
 */
async function floorStart(tx: SqlClient, entries: NewLedgerEntry[]): Promise<{ start: Map<string, number>; stored: Map<string, number> }> {
  const groups = [...new Map(entries.filter((e) => e.floor !== undefined).map((e) => [balanceKey(e), e])).values()];
  const { rows: balances } = await tx.query<{ tenant_id: string; user_id: string; currency: string; spendable: string }>(
    `INSERT INTO balance (tenant_id, user_id, currency, lifetime, spendable, net, updated_at)
       SELECT t, u, c, 0, 0, 0, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS x(t, u, c) ORDER BY t, u, c
     ON CONFLICT (tenant_id, user_id, currency) DO UPDATE SET updated_at = balance.updated_at
     RETURNING tenant_id, user_id, currency, spendable::text`,
    [groups.map((g) => g.tenantId), groups.map((g) => g.userId), groups.map((g) => g.currency)],
  );
  return {
    start: new Map(balances.map((b) => [balanceKey({ tenantId: b.tenant_id, userId: b.user_id, currency: b.currency }), Number(b.spendable)])),
    stored: await storedByKey(tx, entries),
  };
}

/** What the ledger holds under the entries' keys (tenant and key joined by NUL). */
async function storedByKey(db: SqlClient | SqlPool, entries: NewLedgerEntry[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ tenant_id: string; idempotency_key: string; amount: string }>(
    `SELECT tenant_id, idempotency_key, amount::text FROM ledger_entry WHERE (tenant_id, idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [entries.map((e) => e.tenantId), entries.map((e) => e.idempotencyKey)],
  );
  return new Map(rows.map((r) => [`${r.tenant_id}\u0000${r.idempotency_key}`, Number(r.amount)]));
}

/** Each entry's amount as the ledger holds it (after the append: every key is there). */
async function storedAmounts(db: SqlClient | SqlPool, entries: NewLedgerEntry[]): Promise<number[]> {
  const stored = await storedByKey(db, entries);
  return entries.map((e) => stored.get(`${e.tenantId}\u0000${e.idempotencyKey}`) ?? e.amount);
}

const balanceKey = (e: { tenantId: string; userId: string; currency: string }) => `${e.tenantId}\u0000${e.userId}\u0000${e.currency}`;

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

/** The append statement over the rows as given (`requested`: each row's asked amount where a floor held it). */
async function appendRows(db: SqlClient | SqlPool, entries: NewLedgerEntry[], requested: (number | null)[] | null): Promise<{ inserted: number; balances: BalanceView[] }> {
  const col = <K extends keyof NewLedgerEntry>(k: K) => entries.map((e) => e[k]);
  const credit = entries.some((e) => e.lifetimeCredit !== undefined);
  const { rows } = await db.query<BalanceRow & { inserted: number }>(APPEND_SQL[Number(credit)]![Number(requested !== null)]!, [
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
    entries.map((e) => e.public !== false),
    jsonArrayParam(entries.map((e) => e.scopes ?? null)),
    ...(credit ? [entries.map((e) => (e.lifetimeCredit === undefined ? null : String(e.lifetimeCredit)))] : []),
    ...(requested ? [requested.map((r) => (r === null ? null : String(r)))] : []),
  ]);
  return { inserted: Number(rows[0]?.inserted ?? 0), balances: rows.map(toView) };
}

@Injectable()
export class PrismaLedgerRepository implements LedgerRepository {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(PG_POOL) private readonly pool: SqlPool,
  ) {}

  async append(entries: NewLedgerEntry[]): Promise<AppendResult> {
    if (entries.length === 0) return { inserted: 0, balances: [], amounts: [] };
    // While instances hold different packs (one has a floor the other has not yet), their lock
    // orders can cross: Postgres aborts one side, which runs again at once.
    return retryOnDeadlock(() => this.appendOnce(entries));
  }

  private async appendOnce(entries: NewLedgerEntry[]): Promise<AppendResult> {
    // A currency with a floor: its balances are locked and the batch folded in order first.
    if (entries.some((e) => e.floor !== undefined)) return withTransaction(this.pool, (tx) => this.appendAtFloor(tx, entries));
    const requested = entries.some((e) => e.requested !== undefined) ? entries.map((e) => e.requested ?? null) : null;
    const result = await appendRows(this.pool, entries, requested);
    // Some were stored before (a redelivery): what the ledger holds under their keys, which a floor
    // may have held (one the pack has since dropped) — boards and outcomes take what was booked.
    return { ...result, amounts: result.inserted === entries.length ? entries.map((e) => e.amount) : await storedAmounts(this.pool, entries) };
  }

  private async appendAtFloor(tx: SqlClient, entries: NewLedgerEntry[]): Promise<AppendResult> {
    const { start, stored } = await floorStart(tx, entries);
    const { amounts, requested } = holdAtFloor(
      entries.map((e) => ({
        balance: balanceKey(e),
        idempotencyKey: `${e.tenantId}\u0000${e.idempotencyKey}`,
        amount: e.amount,
        ...(e.floor !== undefined ? { floor: e.floor } : {}),
        ...(e.requested !== undefined ? { requested: e.requested } : {}),
        ...(e.exact ? { exact: true } : {}),
      })),
      start,
      stored,
    );
    const held = entries.map((e, i) => (amounts[i] === e.amount ? e : { ...e, amount: amounts[i]! }));
    return { ...(await appendRows(tx, held, requested.some((r) => r !== null) ? requested : null)), amounts };
  }

  async balances(tenantId: string, userId: string): Promise<BalanceView[]> {
    const rows = await this.db.balance.findMany({ where: { tenantId, userId }, orderBy: { currency: 'asc' } });
    return rows.map((r) => ({ tenantId, userId, currency: r.currency, lifetime: Number(r.lifetime), spendable: Number(r.spendable), net: Number(r.net) }));
  }

  async entries(tenantId: string, userId: string, q: LedgerQuery): Promise<LedgerEntryView[]> {
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entry
        WHERE tenant_id = $1 AND user_id = $2 AND ($3::bigint IS NULL OR id < $3) AND ($4::text IS NULL OR currency = $4)
          AND ($5::text IS NULL OR kind = $5) AND ($6::timestamptz IS NULL OR occurred_at >= $6) AND ($7::timestamptz IS NULL OR occurred_at < $7)
          AND ($9::uuid IS NULL OR source_event_id = $9::uuid)
        ORDER BY ledger_entry.id DESC LIMIT $8`,
      [tenantId, userId, q.beforeId?.toString() ?? null, q.currency ?? null, q.kind ?? null, q.from ?? null, q.to ?? null, q.limit, q.eventId ?? null],
    );
    const entries = rows.map(toEntry);
    // Adjustments explain themselves: reason, note and operator beside the entry.
    const adjusted = entries.filter((e) => e.kind === 'adjust' && e.ruleId === null);
    if (adjusted.length > 0) {
      const { rows: why } = await this.pool.query<{ id: string; reason: string; note: string | null; actor: string }>(
        'SELECT id::text, reason, note, actor FROM ledger_adjustment WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
        [tenantId, adjusted.map((e) => e.sourceEventId)],
      );
      const byId = new Map(why.map((w) => [w.id, w]));
      for (const e of adjusted) {
        const w = byId.get(e.sourceEventId);
        if (w) e.adjustment = { id: w.id, reason: w.reason, note: w.note, actor: w.actor };
      }
    }
    return entries;
  }

  async spend(req: SpendRequest): Promise<SpendOutcome> {
    const key = `spend:${req.idempotencyKey}`;
    return withTransaction(this.pool, async (tx) => {
      // The balance row lock serialises every spend and refund of this (user, currency).
      const balance = await lockBalance(tx, req.tenantId, req.userId, req.currency);
      const prior = await entryByKey(tx, req.tenantId, key);
      if (prior) {
        const same = prior.userId === req.userId && prior.currency === req.currency && prior.amount === -req.amount && prior.kind === 'spend';
        return same ? { status: 'replayed', entry: prior, balance: balance! } : { status: 'key_reused', entry: prior };
      }
      if (!balance || balance.spendable < req.amount) return { status: 'insufficient', balance, requested: req.amount };
      const entry = await insertEntry(tx, { tenantId: req.tenantId, userId: req.userId, currency: req.currency, amount: -req.amount, kind: 'spend', sourceEventId: req.spendId, ruleId: null, ruleVersion: null, idempotencyKey: key, occurredAt: new Date().toISOString() });
      return { status: 'written', entry, balance: await moveSpendable(tx, req.tenantId, req.userId, req.currency, -req.amount) };
    });
  }

  async expirable(tenantId: string, currency: string, cutoff: Date): Promise<{ userId: string; amount: number }[]> {
    const { rows } = await this.pool.query<{ user_id: string; amount: string }>(
      `SELECT t.user_id, least(b.spendable, t.old_credits - t.consumed)::text AS amount
         FROM (
           SELECT user_id,
                  coalesce(sum(amount) FILTER (WHERE amount > 0 AND kind <> 'refund' AND occurred_at < $3), 0) AS old_credits,
                  coalesce(sum(-amount) FILTER (WHERE amount < 0), 0) - coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0) AS consumed
             FROM ledger_entry WHERE tenant_id = $1 AND currency = $2 GROUP BY user_id
         ) t
         JOIN balance b ON b.tenant_id = $1 AND b.user_id = t.user_id AND b.currency = $2
        WHERE t.old_credits - t.consumed > 0 AND b.spendable > 0`,
      [tenantId, currency, cutoff],
    );
    return rows.map((r) => ({ userId: r.user_id, amount: Number(r.amount) }));
  }

  async refund(req: RefundRequest): Promise<SpendOutcome> {
    const key = `refund:${req.idempotencyKey}`;
    return withTransaction(this.pool, async (tx) => {
      const { rows: [spent] } = await tx.query<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE tenant_id = $1 AND source_event_id = $2 AND user_id = $3 AND kind = 'spend'`,
        [req.tenantId, req.spendId, req.userId],
      );
      if (!spent) return { status: 'unknown_spend' };
      const spend = toEntry(spent);
      const balance = await lockBalance(tx, req.tenantId, req.userId, spend.currency);
      const prior = await entryByKey(tx, req.tenantId, key);
      if (prior) {
        const same = prior.kind === 'refund' && prior.sourceEventId === req.spendId && (req.amount === null || prior.amount === req.amount);
        return same ? { status: 'replayed', entry: prior, balance: balance! } : { status: 'key_reused', entry: prior };
      }
      const { rows: [done] } = await tx.query<{ total: string }>(
        `SELECT coalesce(sum(amount), 0)::text AS total FROM ledger_entry WHERE tenant_id = $1 AND source_event_id = $2 AND kind = 'refund'`,
        [req.tenantId, req.spendId],
      );
      const refundable = -spend.amount - Number(done!.total);
      const amount = req.amount ?? refundable;
      if (amount <= 0 || amount > refundable) return { status: 'over_refund', refundable };
      const entry = await insertEntry(tx, { tenantId: req.tenantId, userId: req.userId, currency: spend.currency, amount, kind: 'refund', sourceEventId: req.spendId, ruleId: null, ruleVersion: null, idempotencyKey: key, occurredAt: new Date().toISOString() });
      return { status: 'written', entry, balance: await moveSpendable(tx, req.tenantId, req.userId, spend.currency, amount) };
    });
  }

  async adjust(req: AdjustRequest): Promise<AdjustOutcome> {
    const key = `adjust:${req.idempotencyKey}`;
    return withTransaction(this.pool, async (tx) => {
      // A balance row to lock (a first credit creates it), then every adjustment, spend and refund of this (user, currency) is serialised.
      await tx.query('INSERT INTO balance (tenant_id, user_id, currency, lifetime, spendable, net) VALUES ($1, $2, $3, 0, 0, 0) ON CONFLICT DO NOTHING', [req.tenantId, req.userId, req.currency]);
      const balance = (await lockBalance(tx, req.tenantId, req.userId, req.currency))!;
      const prior = await entryByKey(tx, req.tenantId, key);
      if (prior) {
        const why = await adjustmentOf(tx, req.tenantId, prior.sourceEventId);
        const same = prior.userId === req.userId && prior.currency === req.currency && prior.amount === req.amount && prior.kind === 'adjust' && why?.reason === req.reason && (why?.note ?? null) === (req.note ?? null);
        return same && why ? { status: 'replayed', entry: { ...prior, adjustment: why }, balance, adjustment: why } : { status: 'key_reused', entry: prior };
      }
      if (req.amount < 0 && !req.allowNegative && balance.spendable + req.amount < 0) return { status: 'insufficient', balance, requested: -req.amount };
      const entry = await insertEntry(tx, { tenantId: req.tenantId, userId: req.userId, currency: req.currency, amount: req.amount, kind: 'adjust', sourceEventId: req.adjustmentId, ruleId: null, ruleVersion: null, idempotencyKey: key, occurredAt: new Date().toISOString() });
      await tx.query('INSERT INTO ledger_adjustment (tenant_id, id, user_id, currency, amount, reason, note, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        req.tenantId,
        req.adjustmentId,
        req.userId,
        req.currency,
        String(req.amount),
        req.reason,
        req.note,
        req.actor,
      ]);
      const { rows: [moved] } = await tx.query<BalanceRow>(
        `UPDATE balance SET lifetime = lifetime + greatest($4::bigint, 0), spendable = spendable + $4::bigint, net = net + $4::bigint, updated_at = now()
          WHERE tenant_id = $1 AND user_id = $2 AND currency = $3
          RETURNING tenant_id, user_id, currency, lifetime::text AS lifetime, spendable::text AS spendable, net::text AS net`,
        [req.tenantId, req.userId, req.currency, String(req.amount)],
      );
      const adjustment = { id: req.adjustmentId, reason: req.reason, note: req.note, actor: req.actor };
      return { status: 'written', entry: { ...entry, adjustment }, balance: toView(moved!), adjustment };
    });
  }
}

async function adjustmentOf(tx: SqlClient, tenantId: string, id: string): Promise<AdjustmentView | null> {
  const { rows: [row] } = await tx.query<{ id: string; reason: string; note: string | null; actor: string }>('SELECT id::text, reason, note, actor FROM ledger_adjustment WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return row ?? null;
}

// `id::text` is the output column `id`: an ORDER BY must name the table's column (`ledger_entry.id`),
// or it sorts the text (…, 9, 8, …, 11, 10) and cursor pages skip entries.
const ENTRY_COLUMNS = `id::text, user_id, currency, amount::text, kind, source_event_id::text, rule_id, rule_version, idempotency_key, occurred_at, created_at, lifetime_credit::text, scopes, requested::text`;

interface EntryRow {
  id: string;
  user_id: string;
  currency: string;
  amount: string;
  kind: string;
  source_event_id: string;
  rule_id: string | null;
  rule_version: number | null;
  idempotency_key: string;
  occurred_at: Date;
  created_at: Date;
  lifetime_credit: string | null;
  scopes: Scopes | null;
  requested: string | null;
}

const toEntry = (r: EntryRow): LedgerEntryView & { userId: string } => ({
  id: r.id,
  userId: r.user_id,
  idempotencyKey: r.idempotency_key,
  currency: r.currency,
  amount: Number(r.amount),
  kind: r.kind as LedgerKind,
  sourceEventId: r.source_event_id,
  ruleId: r.rule_id,
  ruleVersion: r.rule_version,
  occurredAt: r.occurred_at.toISOString(),
  createdAt: r.created_at.toISOString(),
  ...(r.lifetime_credit !== null ? { lifetimeCredit: Number(r.lifetime_credit) } : {}),
  ...(r.scopes ? { scopes: r.scopes } : {}),
  ...(r.requested !== null ? { requested: Number(r.requested) } : {}),
});

export async function lockBalance(tx: SqlClient, tenantId: string, userId: string, currency: string): Promise<BalanceView | null> {
  const { rows: [row] } = await tx.query<BalanceRow>(
    `SELECT tenant_id, user_id, currency, lifetime::text AS lifetime, spendable::text AS spendable, net::text AS net FROM balance
      WHERE tenant_id = $1 AND user_id = $2 AND currency = $3 FOR UPDATE`,
    [tenantId, userId, currency],
  );
  return row ? toView(row) : null;
}

export async function entryByKey(tx: SqlClient, tenantId: string, key: string) {
  const { rows: [row] } = await tx.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE tenant_id = $1 AND idempotency_key = $2`, [tenantId, key]);
  return row ? toEntry(row) : null;
}

export async function insertEntry(tx: SqlClient, e: NewLedgerEntry) {
  const { rows: [row] } = await tx.query<EntryRow>(
    `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${ENTRY_COLUMNS}`,
    [e.tenantId, e.userId, e.currency, String(e.amount), e.kind, e.sourceEventId, e.ruleId, e.ruleVersion, e.idempotencyKey, e.occurredAt],
  );
  return toEntry(row!);
}

/** Takes `amount` from the spendable balance when it covers it (one statement, the row locked by the update); null when it does not. */
export async function debitIfCovered(tx: SqlClient, tenantId: string, userId: string, currency: string, amount: number): Promise<BalanceView | null> {
  const { rows: [row] } = await tx.query<BalanceRow>(
    `UPDATE balance SET spendable = spendable - $4, updated_at = now() WHERE tenant_id = $1 AND user_id = $2 AND currency = $3 AND spendable >= $4
     RETURNING tenant_id, user_id, currency, lifetime::text AS lifetime, spendable::text AS spendable, net::text AS net`,
    [tenantId, userId, currency, String(amount)],
  );
  return row ? toView(row) : null;
}

/** Spending and refunds move the spendable balance only: lifetime and net earned are untouched. */
export async function moveSpendable(tx: SqlClient, tenantId: string, userId: string, currency: string, delta: number): Promise<BalanceView> {
  const { rows: [row] } = await tx.query<BalanceRow>(
    `UPDATE balance SET spendable = spendable + $4, updated_at = now() WHERE tenant_id = $1 AND user_id = $2 AND currency = $3
     RETURNING tenant_id, user_id, currency, lifetime::text AS lifetime, spendable::text AS spendable, net::text AS net`,
    [tenantId, userId, currency, String(delta)],
  );
  return toView(row!);
}
