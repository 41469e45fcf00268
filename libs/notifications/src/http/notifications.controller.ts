import { Controller, Get, Param } from '@nestjs/common';
import { RequireScope, TenantId, UserAccess } from '@questline/platform';
import { ListNotificationsUseCase } from '../usecases/list-notifications/list-notifications.usecase';

@RequireScope('read')
@Controller('v1/users/:userId/notifications')
export class NotificationsController {
  constructor(private readonly feed: ListNotificationsUseCase) {}

  /** The user's notification feed, newest first. */
  @Get()
  @UserAccess('self')
  list(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.feed.execute({ tenantId, userId });
  }
}
