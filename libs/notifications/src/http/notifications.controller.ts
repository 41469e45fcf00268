import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { RequireScope, TenantId, UserAccess, UserIdPipe } from '@questline/platform';
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

  /** `true`: unread notifications only (`false`, the default: all); anything else is a 422, not a silent `false`. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
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

export class PreferencesDto {
  /** Kinds never to record for this user: a kind (`points.awarded`), a family (`streak.*`) or `*`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(/^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/, { each: true })
  muted?: string[];

  /** In-app notifications (the feed and the live streams); default true. */
  @IsOptional()
  @IsBoolean()
  inApp?: boolean;

  /** Deliveries about this user to the tenant's webhooks; default true. */
  @IsOptional()
  @IsBoolean()
  webhook?: boolean;

  /** The locale titles are written in (BCP 47, e.g. `vi`); default the pack's. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
  locale?: string;
}

@RequireScope('read')
@Controller('v1/users/:userId/notifications')
export class NotificationsController {
  constructor(private readonly feed: ListNotificationsUseCase) {}

  /** The user's notification feed, last change first (a batched one that grew is back on top), a page at a time, with the unread count. */
  @Get()
  @UserAccess('self')
  list(@TenantId() tenantId: string, @Param('userId') userId: string, @Query() q: FeedQueryDto) {
    return this.feed.execute({ tenantId, userId, limit: q.limit, cursor: q.cursor, unreadOnly: q.unread === true });
  }

  /** Marks notifications read (the given ids, or all); a user token may do it for its own feed. Repeating it changes nothing. */
  @Post('read')
  @HttpCode(200)
  @UserAccess('self')
  markRead(@TenantId() tenantId: string, @Param('userId', UserIdPipe) userId: string, @Body() dto: MarkReadDto) {
    return this.feed.markRead({ tenantId, userId, ids: dto.ids });
  }

  /** The user's notification preferences: muted kinds, channels, locale. */
  @Get('preferences')
  @UserAccess('self')
  getPreferences(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.feed.preferences(tenantId, userId);
  }

  /** Replaces the user's notification preferences (a user token may, for its own); they apply to what is recorded from then on. */
  @Put('preferences')
  @UserAccess('self')
  setPreferences(@TenantId() tenantId: string, @Param('userId', UserIdPipe) userId: string, @Body() dto: PreferencesDto) {
    return this.feed.setPreferences(tenantId, userId, dto);
  }
}
