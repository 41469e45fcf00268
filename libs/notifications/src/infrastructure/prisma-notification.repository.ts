import { Inject, Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@questline/contracts';
import { enqueueWebhookDeliveries, jsonArrayParam, jsonAt, PG_POOL, PRISMA, withTransaction, type Db, type SqlClient, type SqlPool } from '@questline/persistence';
import { DEFAULT_PREFERENCES, type FeedQuery, type NewNotification, type NotificationPreferences, type NotificationRepository, type NotificationView, type StoredNotification } from '../domain/notification.repository';

const COLUMNS = 'id, tenant_id, user_id, kind, title, data, created_at, read_at, seq';

interface Row {
  id: string;
  tenant_id: string;
  user_id: string;
  kind: string;
  title: string;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
  seq: string | null;
}

/** An open batched group: the row (from the database, or inserted by this batch: `pending`) and what joined it. */
interface Group {
  row: Row;
  since: number;
  dirty: boolean;
  absorbed: string[];
  pending?: { n: NewNotification };
}

const view = (r: Row): NotificationView => ({
  id: String(r.id),
  seq: Number(r.seq ?? 0),
  kind: r.kind,
  title: r.title,
  data: r.data,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

/**
 * A row as the use case sees it: the view with three fields added by `Object.assign`, not
 * `{ ...view(r), … }` (properties after a spread cost a runtime call each on Node 20's V8, and
 * this runs for every notification stored).
 */
const stored = (r: Row, inserted: boolean): StoredNotification => Object.assign(view(r), { tenantId: r.tenant_id, userId: r.user_id, inserted });

const key = (tenantId: string, x: string) => `${tenantId}\u0000${x}`;

/** What a batched group shows as of its latest member, not its first: the balances after it (Threadly trial #4). */
const LATEST_FIELDS = ['lifetime', 'spendable'] as const;

interface User {
  tenantId: string;
  userId: string;
}

/** Hands out each user's next numbers after `base`; `last` is the user's last one handed out. */
function numbering(base: Map<string, number>): ((tenantId: string, userId: string) => number) & { last: (tenantId: string, userId: string) => number } {
  const next = new Map(base);
  const take = (tenantId: string, userId: string) => {
    const s = next.get(key(tenantId, userId))! + 1;
    next.set(key(tenantId, userId), s);
    return s;
  };
  return Object.assign(take, { last: (tenantId: string, userId: string) => next.get(key(tenantId, userId))! });
}

/**
 * Locks the users' counter rows (in the given order) and reserves `wanted` numbers for each (none
 * when absent); returns each user's last number before the reservation.
 */
async function lockCounters(tx: SqlClient, users: User[], wanted: Map<string, number>): Promise<Map<string, number>> {
  const want = (tenantId: string, userId: string) => wanted.get(key(tenantId, userId)) ?? 0;
  const { rows } = await tx.query<{ tenant_id: string; user_id: string; last_seq: string }>(
    `INSERT INTO notification_cursor (tenant_id, user_id, last_seq)
       SELECT t, w, n FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS x(t, w, n, o) ORDER BY o
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET last_seq = notification_cursor.last_seq + excluded.last_seq
     RETURNING tenant_id, user_id, last_seq`,
    [users.map((u) => u.tenantId), users.map((u) => u.userId), users.map((u) => want(u.tenantId, u.userId))],
  );
  return new Map(rows.map((c) => [key(c.tenant_id, c.user_id), Number(c.last_seq) - want(c.tenant_id, c.user_id)]));
}

/**
 * Inserts the rows that are new: a dedup key stored before, as a notification of its own or as one
 * that joined a group, is skipped (and not returned).
 */
async function insertNotifications(tx: SqlClient, inserts: { n: NewNotification; seq: number | null }[]): Promise<(Row & { dedup_key: string })[]> {
  const { rows } = await tx.query<Row & { dedup_key: string }>(
    `INSERT INTO notification (tenant_id, user_id, kind, title, data, dedup_key, seq, in_app, group_key, created_at)
       SELECT x.tenant_id, x.user_id, x.kind, x.title, ${jsonAt('$5', 'x.n')}, x.dedup_key, x.seq, x.in_app, x.group_key, clock_timestamp()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $6::text[], $7::bigint[], $8::boolean[], $9::text[]) WITH ORDINALITY
           AS x(tenant_id, user_id, kind, title, dedup_key, seq, in_app, group_key, n)
        WHERE NOT EXISTS (SELECT 1 FROM notification_absorbed a WHERE a.tenant_id = x.tenant_id AND a.dedup_key = x.dedup_key)
     ON CONFLICT (tenant_id, dedup_key) DO NOTHING
     RETURNING ${COLUMNS}, dedup_key`,
    [
      inserts.map((i) => i.n.tenantId),
      inserts.map((i) => i.n.userId),
      inserts.map((i) => i.n.kind),
      inserts.map((i) => i.n.title),
      jsonArrayParam(inserts.map((i) => i.n.data)),
      inserts.map((i) => i.n.dedupKey),
      inserts.map((i) => i.seq),
      inserts.map((i) => i.n.inApp !== false),
      inserts.map((i) => i.n.group?.key ?? null),
    ],
  );
  return rows;
}

/** What an earlier delivery stored under these dedup keys: a notification of its own, or the group it joined. */
async function recorded(tx: SqlClient, list: NewNotification[]): Promise<{ stored: StoredNotification[]; keys: Set<string> }> {
  if (list.length === 0) return { stored: [], keys: new Set() };
  const { rows } = await tx.query<Row & { dedup_key: string }>(
    `SELECT ${COLUMNS}, dedup_key FROM notification WHERE (tenant_id, dedup_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
     UNION ALL
     SELECT ${COLUMNS.split(', ').map((c) => `n.${c}`).join(', ')}, a.dedup_key FROM notification_absorbed a JOIN notification n ON n.id = a.notification_id
      WHERE (a.tenant_id, a.dedup_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [list.map((n) => n.tenantId), list.map((n) => n.dedupKey)],
  );
  return {
    stored: [...new Map(rows.map((r) => [r.id, stored(r, false)])).values()],
    keys: new Set(rows.map((r) => key(r.tenant_id, r.dedup_key))),
  };
}

function updateCursors(tx: SqlClient, users: User[], last: (u: User) => number): Promise<unknown> {
  return tx.query(`UPDATE notification_cursor c SET last_seq = x.s FROM unnest($1::text[], $2::text[], $3::bigint[]) AS x(t, w, s) WHERE c.tenant_id = x.t AND c.user_id = x.w`, [
    users.map((u) => u.tenantId),
    users.map((u) => u.userId),
    users.map(last),
  ]);
}

/**
 * The batch's result: what an earlier delivery stored (one entry per notification) and what this
 * one added or grew. The same transaction queues the webhook deliveries: one record decides what
 * every channel delivers (streams read it by sequence, webhooks by message id: `msg_<notification
 * id>`, and `msg_<id>_<count>` for each growth of a batched one).
 */
async function finish(tx: SqlClient, fresh: NewNotification[], added: Row[], before: StoredNotification[]): Promise<StoredNotification[]> {
  const webhookOff = new Set(fresh.filter((n) => n.webhook === false).map((n) => key(n.tenantId, n.userId)));
  const now = added.map((r) => stored(r, true));
  await enqueueWebhookDeliveries(
    tx,
    now
      .filter((n) => !webhookOff.has(key(n.tenantId, n.userId)))
      .map((n) => {
        const count = Number(n.data['count'] ?? 1);
        return {
          tenantId: n.tenantId,
          messageId: count > 1 ? `msg_${n.id}_${count}` : `msg_${n.id}`,
          kind: n.kind,
          // Built only for a message some endpoint wants.
          payload: () => ({ type: n.kind, timestamp: n.createdAt, data: { ...n.data, notificationId: n.id, userId: n.userId, title: n.title } }),
        };
      }),
  );
  return [...before, ...now];
}

@Injectable()
export class PrismaNotificationRepository implements NotificationRepository {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(PG_POOL) private readonly pool: SqlPool,
  ) {}

  async add(notifications: NewNotification[]): Promise<StoredNotification[]> {
    if (notifications.length === 0) return [];
    const unique = [...new Map(notifications.map((n) => [key(n.tenantId, n.dedupKey), n])).values()];
    // Each user's counter row is locked first and held until the commit: a concurrent batch for the
    // same user waits, then sees this one's rows as stored and numbers its own after them. So one
    // user's numbers follow commit order, with no gap and no repeat, and a batched group is joined
    // by one batch at a time. Rows are locked in one order (tenant, user): no deadlock.
    const users = [...new Map(unique.map((n) => [key(n.tenantId, n.userId), { tenantId: n.tenantId, userId: n.userId }])).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, u]) => u);
    return withTransaction(this.pool, (tx) => (unique.some((n) => n.group) ? this.addGrouped(tx, unique, users) : this.addPlain(tx, unique, users)));
  }

  /**
   * No batched kind in the batch (the common case): the numbers are reserved as the counters are
   * locked, and the rows inserted in the next statement, which is also the duplicate check. Only
   * when some were stored before (a redelivery, or a batch racing this one) does it read them back,
   * renumber the new ones without a gap and give the unused numbers back, the counters still locked.
   * Three statements inside the transaction where a lookup first would take five.
   */
  private async addPlain(tx: SqlClient, unique: NewNotification[], users: User[]): Promise<StoredNotification[]> {
    const wanted = new Map(users.map((u) => [key(u.tenantId, u.userId), 0]));
    for (const n of unique) if (n.inApp !== false) wanted.set(key(n.tenantId, n.userId), wanted.get(key(n.tenantId, n.userId))! + 1);
    const base = await lockCounters(tx, users, wanted);
    const take = numbering(base);
    const inserted = await insertNotifications(
      tx,
      unique.map((n) => ({ n, seq: n.inApp === false ? null : take(n.tenantId, n.userId) })),
    );
    if (inserted.length === unique.length) return finish(tx, unique, inserted, []);

    const insertedKeys = new Set(inserted.map((r) => key(r.tenant_id, r.dedup_key)));
    const { stored: before } = await recorded(tx, unique.filter((n) => !insertedKeys.has(key(n.tenantId, n.dedupKey))));
    const renumber = numbering(base);
    const moved: { id: string; seq: number }[] = [];
    for (const r of [...inserted].sort((a, b) => Number(a.seq ?? 0) - Number(b.seq ?? 0))) {
      if (r.seq === null) continue;
      const s = renumber(r.tenant_id, r.user_id);
      if (Number(r.seq) !== s) moved.push({ id: r.id, seq: s });
      r.seq = String(s);
    }
    if (moved.length > 0) await tx.query(`UPDATE notification n SET seq = x.s FROM unnest($1::bigint[], $2::bigint[]) AS x(id, s) WHERE n.id = x.id`, [moved.map((m) => m.id), moved.map((m) => m.seq)]);
    await updateCursors(tx, users, (u) => renumber.last(u.tenantId, u.userId));
    return finish(tx, unique, inserted, before);
  }

  /** Batched kinds: what joins an open group is decided before anything is inserted. */
  private async addGrouped(tx: SqlClient, unique: NewNotification[], users: User[]): Promise<StoredNotification[]> {
    const base = await lockCounters(tx, users, new Map());
    // Already recorded: as a notification of its own, or as one that joined a group.
    const { stored, keys: known } = await recorded(tx, unique);
    const fresh = unique.filter((n) => !known.has(key(n.tenantId, n.dedupKey)));
    if (fresh.length === 0) return stored;

    // Batching: an unread, in-app group of the same key still within its window takes the new one in.
    const grouped = fresh.filter((n) => n.group);
    const open = new Map<string, Group>();
    if (grouped.length > 0) {
      const groups = await tx.query<Row & { group_key: string }>(
        `SELECT DISTINCT ON (tenant_id, user_id, group_key) ${COLUMNS}, group_key FROM notification
          WHERE (tenant_id, user_id, group_key) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[])) AND read_at IS NULL AND in_app
          ORDER BY tenant_id, user_id, group_key, id DESC`,
        [grouped.map((n) => n.tenantId), grouped.map((n) => n.userId), grouped.map((n) => n.group!.key)],
      );
      for (const r of groups.rows) open.set(key(r.tenant_id, `${r.user_id}\u0000${r.group_key}`), { row: r, since: r.created_at.getTime(), dirty: false, absorbed: [] });
    }
    const toInsert: { n: NewNotification; group?: Group }[] = [];
    const now = Date.now();
    for (const n of fresh) {
      const gk = n.group ? key(n.tenantId, `${n.userId}\u0000${n.group.key}`) : undefined;
      const g = gk ? open.get(gk) : undefined;
      if (n.group && g && now - g.since <= n.group.windowMs) {
        const data = g.row.data;
        const count = Number(data['count'] ?? 1) + 1;
        const total = Number(data['total'] ?? 0) + (typeof n.data['amount'] === 'number' ? n.data['amount'] : 0);
        const events = [...((data['events'] as unknown[]) ?? []), n.data['eventId']].filter((e) => e !== undefined).slice(-20);
        const latest: Record<string, unknown> = {};
        for (const f of LATEST_FIELDS) if (n.data[f] !== undefined) latest[f] = n.data[f];
        g.row.data = Object.assign({}, data, latest, { count, total, events, lastAt: new Date(now).toISOString() });
        g.row.title = n.retitle ? n.retitle(count, total) : g.row.title;
        g.dirty = true;
        g.absorbed.push(n.dedupKey);
        continue;
      }
      const data = n.group ? { ...n.data, count: 1, total: typeof n.data['amount'] === 'number' ? n.data['amount'] : 0, events: n.data['eventId'] !== undefined ? [n.data['eventId']] : [] } : n.data;
      const entry = { n: { ...n, data } };
      if (n.group && gk) {
        // Later ones in this batch join it (it is inserted below; its id is known after).
        const g2: Group = { row: null as unknown as Row, since: now, dirty: false, absorbed: [], pending: entry };
        open.set(gk, g2);
        g2.row = { id: '', tenant_id: n.tenantId, user_id: n.userId, kind: n.kind, title: n.title, data, created_at: new Date(now), read_at: null, seq: null };
        toInsert.push({ ...entry, group: g2 });
      } else toInsert.push(entry);
    }

    // Sequence numbers: new in-app rows, and groups that changed (streams send them again, same id).
    const take = numbering(base);
    const inserts = toInsert.map(({ n, group }) => {
      const final = group ? { ...n, title: group.row.title, data: group.row.data } : n;
      return { n: final, seq: n.inApp === false ? null : take(n.tenantId, n.userId) };
    });
    const updates = [...open.values()].filter((g) => g.dirty && !g.pending);
    const updateSeqs = updates.map((g) => take(g.row.tenant_id, g.row.user_id));
    await updateCursors(tx, users, (u) => take.last(u.tenantId, u.userId));
    const inserted = await insertNotifications(tx, inserts);
    const idOf = new Map(inserted.map((r) => [key(r.tenant_id, r.dedup_key), r.id]));
    const updated = updates.length
      ? (
          await tx.query<Row>(
            `UPDATE notification n SET title = x.title, data = ${jsonAt('$3', 'x.o')}, seq = x.seq FROM unnest($1::bigint[], $2::text[], $4::bigint[]) WITH ORDINALITY AS x(id, title, seq, o)
              WHERE n.id = x.id RETURNING ${COLUMNS.split(', ').map((c) => `n.${c}`).join(', ')}`,
            [updates.map((g) => g.row.id), updates.map((g) => g.row.title), jsonArrayParam(updates.map((g) => g.row.data)), updateSeqs],
          )
        ).rows
      : [];
    const absorbed = [...open.values()].flatMap((g) => {
      const id = g.pending ? idOf.get(key(g.pending.n.tenantId, g.pending.n.dedupKey)) : g.row.id;
      return id === undefined ? [] : g.absorbed.map((d) => ({ tenantId: g.row.tenant_id, dedupKey: d, id }));
    });
    if (absorbed.length > 0) {
      await tx.query(`INSERT INTO notification_absorbed (tenant_id, dedup_key, notification_id) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING`, [
        absorbed.map((a) => a.tenantId),
        absorbed.map((a) => a.dedupKey),
        absorbed.map((a) => a.id),
      ]);
    }
    return finish(tx, fresh, [...inserted, ...updated], stored);
  }

  async since(tenantId: string, userId: string, afterSeq: number, limit: number): Promise<NotificationView[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM notification WHERE tenant_id = $1 AND user_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`, [tenantId, userId, afterSeq, limit]);
    return rows.map(view);
  }

  async lastSeq(tenantId: string, userId: string): Promise<number> {
    const { rows } = await this.pool.query<{ last_seq: string }>(`SELECT last_seq FROM notification_cursor WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
    return Number(rows[0]?.last_seq ?? 0);
  }

  async list(tenantId: string, userId: string, q: FeedQuery): Promise<NotificationView[]> {
    // Last change first: every in-app notification has the user's sequence number, and a batched one
    // that grew took a new one (adopter 4 #7: a grown group stayed where it started).
    let beforeSeq = q.beforeSeq;
    if (beforeSeq === undefined && q.beforeId !== undefined) {
      const { rows } = await this.pool.query<{ seq: string | null }>('SELECT seq FROM notification WHERE tenant_id = $1 AND user_id = $2 AND id = $3', [tenantId, userId, q.beforeId.toString()]);
      // Gone (retention), another user's, or never in the feed: not a place to continue from.
      if (rows[0]?.seq === null || rows[0]?.seq === undefined) throw new ValidationFailedError('Malformed cursor.', [{ pointer: '/cursor', detail: 'use the nextCursor of a previous page' }], 'invalid_cursor');
      beforeSeq = Number(rows[0].seq);
    }
    const rows = await this.db.notification.findMany({
      where: { tenantId, userId, inApp: true, seq: beforeSeq !== undefined ? { lt: beforeSeq } : { not: null }, ...(q.unreadOnly ? { readAt: null } : {}) },
      orderBy: { seq: 'desc' },
      take: q.limit,
    });
    return rows.map((r) => ({
      id: r.id.toString(),
      seq: Number(r.seq ?? 0),
      kind: r.kind,
      title: r.title,
      data: r.data as Record<string, unknown>,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    }));
  }

  unreadCount(tenantId: string, userId: string): Promise<number> {
    return this.db.notification.count({ where: { tenantId, userId, readAt: null, inApp: true } });
  }

  async markRead(tenantId: string, userId: string, ids: bigint[] | 'all'): Promise<number> {
    const { count } = await this.db.notification.updateMany({
      where: { tenantId, userId, readAt: null, inApp: true, ...(ids === 'all' ? {} : { id: { in: ids } }) },
      data: { readAt: new Date() },
    });
    return count;
  }

  async preferences(tenantId: string, userIds: string[]): Promise<Map<string, NotificationPreferences>> {
    const out = new Map(userIds.map((u) => [u, DEFAULT_PREFERENCES]));
    if (userIds.length === 0) return out;
    const { rows } = await this.pool.query<{ user_id: string; muted: string[] | null; in_app: boolean; webhook: boolean; locale: string | null }>(
      `SELECT user_id, muted, in_app, webhook, locale FROM notification_preference WHERE tenant_id = $1 AND user_id = ANY($2::text[])`,
      [tenantId, userIds],
    );
    for (const r of rows) out.set(r.user_id, { muted: r.muted ?? [], inApp: r.in_app, webhook: r.webhook, locale: r.locale });
    return out;
  }

  async setPreferences(tenantId: string, userId: string, p: NotificationPreferences): Promise<NotificationPreferences> {
    await this.pool.query(
      `INSERT INTO notification_preference (tenant_id, user_id, muted, in_app, webhook, locale, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET muted = excluded.muted, in_app = excluded.in_app, webhook = excluded.webhook, locale = excluded.locale, updated_at = now()`,
      [tenantId, userId, p.muted, p.inApp, p.webhook, p.locale],
    );
    return p;
  }

  async purge(before: Date, limit: number): Promise<number> {
    // In slices by id: a large backlog is deleted without one long transaction. The dedup keys that
    // joined a purged group go with it.
    const { rows } = await this.pool.query<{ n: string }>(
      `WITH gone AS (DELETE FROM notification WHERE id IN (SELECT id FROM notification WHERE created_at < $1 ORDER BY id LIMIT $2) RETURNING id),
            joined AS (DELETE FROM notification_absorbed WHERE notification_id IN (SELECT id FROM gone))
       SELECT count(*) AS n FROM gone`,
      [before, limit],
    );
    return Number(rows[0]?.n ?? 0);
  }

}
