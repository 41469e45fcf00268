import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { IsOptional, IsString, Matches } from 'class-validator';
import { RequireScope, TenantId, UserAccess } from '@questline/platform';
import { GetLeagueStandingUseCase } from '../usecases/get-league-standing/get-league-standing.usecase';
import { SettleLeagueWeeksUseCase } from '../usecases/settle-league-weeks/settle-league-weeks.usecase';

export class LeagueWeekDto {
  /** The week (`w` + its first day, e.g. `w2026-11-23`); default: this week. */
  @IsOptional()
  @IsString()
  @Matches(/^w\d{4}-\d{2}-\d{2}$/)
  week?: string;
}

export class LeagueWeekParams {
  @IsString()
  league!: string;

  @Matches(/^w\d{4}-\d{2}-\d{2}$/)
  week!: string;
}

@Controller()
export class LeaguesController {
  constructor(
    private readonly standing: GetLeagueStandingUseCase,
    private readonly settling: SettleLeagueWeeksUseCase,
  ) {}

  /** The user's tier and cohort for the week, the cohort's standings, and the week's result once settled. */
  @Get('v1/users/:userId/leagues/:league')
  @UserAccess('self')
  @RequireScope('read')
  view(@TenantId() tenantId: string, @Param('userId') userId: string, @Param('league') league: string, @Query() q: LeagueWeekDto) {
    return this.standing.execute({ tenantId, leagueId: league, userId, week: q.week });
  }

  /** Settles this tenant's weeks that are due, now (the job does it every LEADERBOARD_PERIOD_INTERVAL_MS). */
  @Post('v1/admin/leagues/settle')
  @HttpCode(200)
  @RequireScope('admin')
  async settle(@TenantId() tenantId: string) {
    return { settled: await this.settling.execute({ tenantId }) };
  }

  /** Settles one ended week of a league now, before its grace has passed (422 for a week that has not ended). */
  @Post('v1/admin/leagues/:league/weeks/:week/settle')
  @HttpCode(200)
  @RequireScope('admin')
  async settleWeek(@TenantId() tenantId: string, @Param('league') league: string, @Param() p: LeagueWeekParams) {
    return { settled: await this.settling.execute({ tenantId, force: { league, week: p.week } }) };
  }
}
