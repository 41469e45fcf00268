import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PRISMA, withTransaction, type Db, type SqlPool } from '@questline/persistence';
import { enqueueWebhookDeliveries } from '../webhooks/infrastructure/pg-webhook.repository';
import type { FeedQuery, NewNotification, NotificationRepository, NotificationView, StoredNotification } from '../domain/notification.repository';

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

const view = (r: Row): NotificationView => ({
  id: String(r.id),
  seq: Number(r.seq ?? 0),
  kind: r.kind,
  title: r.title,
  data: r.data,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

@Injectable()
export class PrismaNotificationRepository implements NotificationRepository {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(PG_POOL) private readonly pool: SqlPool,
  ) {}

  async add(notifications: NewNotification[]): Promise<StoredNotification[]> {
    if (notifications.length === 0) return [];
    const unique = [...new Map(notifications.map((n) => [`${n.tenantId}\u0000${n.dedupKey}`, n])).values()];
    // Each user's counter row is locked first and held until the commit: a concurrent batch for the
    // same user waits, then sees this one's rows as stored and numbers its own after them. So one
    // user's numbers follow commit order, with no gap and no repeat. Rows are locked in one order
    // (tenant, user): two batches never deadlock on each other.
    const users = [...new Map(unique.map((n) => [`${n.tenantId}\u0000${n.userId}`, { tenantId: n.tenantId, userId: n.userId }])).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, u]) => u);
    return withTransaction(this.pool, async (tx) => {
      const locked = await tx.query<{ tenant_id: string; user_id: string; last_seq: string }>(
        `INSERT INTO notification_cursor (tenant_id, user_id, last_seq)
           SELECT t, w, 0 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(t, w, o) ORDER BY o
         ON CONFLICT (tenant_id, user_id) DO UPDATE SET last_seq = notification_cursor.last_seq
         RETURNING tenant_id, user_id, last_seq`,
        [users.map((u) => u.tenantId), users.map((u) => u.userId)],
      );
      const existing = await tx.query<Row & { dedup_key: string }>(
        `SELECT ${COLUMNS}, dedup_key FROM notification WHERE (tenant_id, dedup_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [unique.map((n) => n.tenantId), unique.map((n) => n.dedupKey)],
      );
      const known = new Set(existing.rows.map((r) => `${r.tenant_id}\u0000${r.dedup_key}`));
      const fresh = unique.filter((n) => !known.has(`${n.tenantId}\u0000${n.dedupKey}`));
      const stored: StoredNotification[] = existing.rows.map((r) => ({ ...view(r), tenantId: r.tenant_id, userId: r.user_id, inserted: false }));
      if (fresh.length === 0) return stored;
      const next = new Map(locked.rows.map((c) => [`${c.tenant_id}\u0000${c.user_id}`, Number(c.last_seq)]));
      const seqs = fresh.map((n) => {
        const k = `${n.tenantId}\u0000${n.userId}`;
        const s = next.get(k)! + 1;
        next.set(k, s);
        return s;
      });
      await tx.query(
        `UPDATE notification_cursor c SET last_seq = x.s FROM unnest($1::text[], $2::text[], $3::bigint[]) AS x(t, w, s) WHERE c.tenant_id = x.t AND c.user_id = x.w`,
        [users.map((u) => u.tenantId), users.map((u) => u.userId), users.map((u) => next.get(`${u.tenantId}\u0000${u.userId}`)!)],
      );
      const inserted = await tx.query<Row>(
        `INSERT INTO notification (tenant_id, user_id, kind, title, data, dedup_key, seq)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::bigint[])
         ON CONFLICT (tenant_id, dedup_key) DO NOTHING
         RETURNING ${COLUMNS}`,
        [fresh.map((n) => n.tenantId), fresh.map((n) => n.userId), fresh.map((n) => n.kind), fresh.map((n) => n.title), fresh.map((n) => JSON.stringify(n.data)), fresh.map((n) => n.dedupKey), seqs],
      );
      const added = inserted.rows.map((r) => ({ ...view(r), tenantId: r.tenant_id, userId: r.user_id, inserted: true }));
      // The same transaction queues the webhook deliveries: one record decides what every channel
      // delivers (streams read it by sequence, webhooks by message id `msg_<notification id>`).
      await enqueueWebhookDeliveries(
        tx,
        added.map((n) => ({
          tenantId: n.tenantId,
          messageId: `msg_${n.id}`,
          kind: n.kind,
          payload: { type: n.kind, timestamp: n.createdAt, data: { ...n.data, notificationId: n.id, userId: n.userId, seq: n.seq, title: n.title } },
        })),
      );
      return [...stored, ...added];
    });
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
    const rows = await this.db.notification.findMany({
      where: { tenantId, userId, ...(q.beforeId !== undefined ? { id: { lt: q.beforeId } } : {}), ...(q.unreadOnly ? { readAt: null } : {}) },
      orderBy: { id: 'desc' },
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
    return this.db.notification.count({ where: { tenantId, userId, readAt: null } });
  }

  async markRead(tenantId: string, userId: string, ids: bigint[] | 'all'): Promise<number> {
    const { count } = await this.db.notification.updateMany({
      where: { tenantId, userId, readAt: null, ...(ids === 'all' ? {} : { id: { in: ids } }) },
      data: { readAt: new Date() },
    });
    return count;
  }

  async purge(before: Date, limit: number): Promise<number> {
    // In slices by id: a large backlog is deleted without one long transaction.
    const { rowCount } = await this.pool.query(`DELETE FROM notification WHERE id IN (SELECT id FROM notification WHERE created_at < $1 ORDER BY id LIMIT $2)`, [before, limit]);
    return rowCount ?? 0;
  }
}
