import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { RequireScope, TenantId, UserAccess, UserIdPipe } from '@questline/platform';
import { ProgressService } from './progress.service';

@Controller('v1/users/:userId')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  /** The user's streaks, today's missions (in their time zone), quests and counters. */
  @Get('progress')
  @UserAccess('self')
  @RequireScope('read')
  view(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.progress.view(tenantId, userId);
  }

  /**
   * The user's metrics (counts, sums and distinct counts the pack keeps) in their current periods,
   * with the milestones reached and the next one.
   */
  @Get('metrics')
  @UserAccess('self')
  @RequireScope('read')
  metrics(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.progress.metrics(tenantId, userId);
  }

  /**
   * The user's amount caps now: per cap (a rule's own limit, or a shared cap) and window, the
   * maximum, what is used and what is left, in the user's calendar — why an award was cut or
   * skipped, and how much room remains.
   */
  @Get('caps')
  @UserAccess('self')
  @RequireScope('read')
  caps(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.progress.caps(tenantId, userId);
  }

  /** Repairs the user's last streak break, if the pack allows it and the break is recent enough (else 409). */
  @Post('streaks/:streakId/repair')
  @HttpCode(200)
  @RequireScope('events:write')
  repair(@TenantId() tenantId: string, @Param('userId', UserIdPipe) userId: string, @Param('streakId') streakId: string) {
    return this.progress.repair(tenantId, userId, streakId);
  }
}
