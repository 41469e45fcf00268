import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_REPOSITORY, type NotificationRepository } from '../../domain/notification.repository';

/** A user's notification feed, newest first. */
@Injectable()
export class ListNotificationsUseCase {
  constructor(@Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository) {}

  async execute({ tenantId, userId }: { tenantId: string; userId: string }) {
    return { userId, notifications: await this.notifications.list(tenantId, userId, 50) };
  }
}
