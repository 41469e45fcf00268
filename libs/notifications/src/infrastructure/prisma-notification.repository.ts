import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PRISMA, type Db, type SqlPool } from '@questline/persistence';
import type { FeedQuery, NewNotification, NotificationRepository, NotificationView } from '../domain/notification.repository';

@Injectable()
export class PrismaNotificationRepository implements NotificationRepository {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(PG_POOL) private readonly pool: SqlPool,
  ) {}

  async add(notifications: NewNotification[]): Promise<number> {
    if (notifications.length === 0) return 0;
    const { count } = await this.db.notification.createMany({
      data: notifications.map((n) => ({ ...n, data: n.data as object })),
      skipDuplicates: true,
    });
    return count;
  }

  async list(tenantId: string, userId: string, q: FeedQuery): Promise<NotificationView[]> {
    const rows = await this.db.notification.findMany({
      where: { tenantId, userId, ...(q.beforeId !== undefined ? { id: { lt: q.beforeId } } : {}), ...(q.unreadOnly ? { readAt: null } : {}) },
      orderBy: { id: 'desc' },
      take: q.limit,
    });
    return rows.map((r) => ({
      id: r.id.toString(),
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
