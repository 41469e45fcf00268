import { Controller, Get, Inject, Param } from '@nestjs/common';
import { RequireScope, TenantId } from '@questline/platform';
import { NOTIFICATION_REPOSITORY, type NotificationRepository } from '../domain/notification.repository';

@RequireScope('read')
@Controller('v1/users/:userId/notifications')
export class NotificationsController {
  constructor(@Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository) {}

  @Get()
  async list(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return { userId, notifications: await this.notifications.list(tenantId, userId, 50) };
  }
}
