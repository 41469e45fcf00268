import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { RequireScope, TenantId, UserAccess } from '@questline/platform';
import { ListNotificationsUseCase } from '../usecases/list-notifications/list-notifications.usecase';

export class FeedQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;

  /** `true`: unread notifications only. */
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  unread?: boolean;
}

export class MarkReadDto {
  /** Notification ids to mark read; omitted: every unread one. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  ids?: string[];
}

@RequireScope('read')
@Controller('v1/users/:userId/notifications')
export class NotificationsController {
  constructor(private readonly feed: ListNotificationsUseCase) {}

  /** The user's notification feed, newest first, a page at a time, with the unread count. */
  @Get()
  @UserAccess('self')
  list(@TenantId() tenantId: string, @Param('userId') userId: string, @Query() q: FeedQueryDto) {
    return this.feed.execute({ tenantId, userId, limit: q.limit, cursor: q.cursor, unreadOnly: q.unread === true });
  }

  /** Marks notifications read (the given ids, or all); a user token may do it for its own feed. Repeating it changes nothing. */
  @Post('read')
  @HttpCode(200)
  @UserAccess('self')
  markRead(@TenantId() tenantId: string, @Param('userId') userId: string, @Body() dto: MarkReadDto) {
    return this.feed.markRead({ tenantId, userId, ids: dto.ids });
  }
}
