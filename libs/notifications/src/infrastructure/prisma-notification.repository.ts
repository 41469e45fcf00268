import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '@questline/persistence';
import type { NewNotification, NotificationRepository, NotificationView } from '../domain/notification.repository';

@Injectable()
export class PrismaNotificationRepository implements NotificationRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async add(notifications: NewNotification[]): Promise<number> {
    if (notifications.length === 0) return 0;
    const { count } = await this.db.notification.createMany({
      data: notifications.map((n) => ({ ...n, data: n.data as object })),
      skipDuplicates: true,
    });
    return count;
  }

  async list(tenantId: string, userId: string, limit: number): Promise<NotificationView[]> {
    const rows = await this.db.notification.findMany({ where: { tenantId, userId }, orderBy: { id: 'desc' }, take: limit });
    return rows.map((r) => ({
      id: r.id.toString(),
      kind: r.kind,
      title: r.title,
      data: r.data as Record<string, unknown>,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    }));
  }
}
