import { createHash } from 'node:crypto';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ApiBody } from '@nestjs/swagger';
import { WINDOWS } from '../domain/windows';
import { CurrentPrincipal, RequireScope, TenantId, UserAccess, UserIdPipe, type Principal } from '@questline/platform';
import { ExcludeUserUseCase } from '../usecases/exclude-user/exclude-user.usecase';
import { FinalizePeriodsUseCase } from '../usecases/finalize-periods/finalize-periods.usecase';
import { GetBoardPageUseCase } from '../usecases/get-board-page/get-board-page.usecase';
import { GetBoardStandingUseCase } from '../usecases/get-board-standing/get-board-standing.usecase';
import { GetUserRanksUseCase } from '../usecases/get-user-ranks/get-user-ranks.usecase';
import { IncludeUserUseCase } from '../usecases/include-user/include-user.usecase';
import { ListExclusionsUseCase } from '../usecases/list-exclusions/list-exclusions.usecase';
import type { LocatedBoard } from '../usecases/locate-board/board-locator';
import { RebuildBoardUseCase } from '../usecases/rebuild-board/rebuild-board.usecase';
import { RebuildLiveBoardsUseCase } from '../usecases/rebuild-live-boards/rebuild-live-boards.usecase';
import { ReconcileBoardUseCase } from '../usecases/reconcile-board/reconcile-board.usecase';
import { SetLeaderboardVisibilityUseCase } from '../usecases/set-leaderboard-visibility/set-leaderboard-visibility.usecase';

export class RunPeriodsDto {
  /** Also the periods that ended after this instant (default: as far back as one can still be due). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;
}

export class BoardPeriodDto {
  /** all-time (the default where the board keeps it, else the first window it declares), daily, weekly, monthly or season. */
  @IsOptional()
  @IsIn(WINDOWS)
  window?: string;

  /** `all`, `d2026-11-24`, `w2026-11-23` (first day of the week), `m2026-11`, `s<season id>`; default: the current period. */
  @IsOptional()
  @IsString()
  @Matches(/^(all|[dw]\d{4}-\d{2}-\d{2}|m\d{4}-\d{2}|s[a-z0-9][a-z0-9_.-]{0,63})$/)
  period?: string;

  /** `global` (default) or `<dimension>:<value>`, e.g. `community:42`, for a board ranked within that dimension. */
  @IsOptional()
  @IsString()
  @Matches(/^(global|[a-z0-9][a-z0-9_.-]{0,63}:.{1,128})$/s)
  scope?: string;
}

export class UserRanksQueryDto {
  /** `global` (default) or `<dimension>:<value>` (`tag:python`): the user's ranks on that scope of every board ranked within the dimension. */
  @IsOptional()
  @IsString()
  @Matches(/^(global|[a-z0-9][a-z0-9_.-]{0,63}:.{1,128})$/s)
  scope?: string;

  /** A dimension (`tag`): the user's ranks on each value of it they have points under, their top values (by all-time points) first. Not with `scope`. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
  dimension?: string;

  /** With `dimension`: how many of the user's values (default 10). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class LeaderboardQueryDto extends BoardPeriodDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;
}

export class AroundQueryDto extends BoardPeriodDto {
  /** Neighbours either side (default 0). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(50)
  around: number = 0;
}

/**
 * ETag (a hash of the body) and Cache-Control: a running period for a few seconds, a period
 * awaiting its standings or published for a minute (they can still change), a locked one for an
 * hour (an admin can still revise it after a re-scoring: clients see the revision within the hour).
 * A matching If-None-Match gets 304 with no body.
 */
const MAX_AGE: Record<LocatedBoard['status'], number> = { running: 5, ended: 30, computed: 30, published: 60, locked: 3_600 };

function cacheable<T>(ref: LocatedBoard, body: T, ifNoneMatch: string | undefined, res: FastifyReply): T | undefined {
  const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
  res.header('etag', etag).header('cache-control', `private, max-age=${MAX_AGE[ref.status]}`);
  if (ifNoneMatch === etag) {
    res.status(304);
    return undefined;
  }
  return body;
}

export class ExclusionDto {
  /** `hidden` (staff, test accounts) or `moderation` (removed, e.g. for cheating). */
  @IsIn(['hidden', 'moderation'])
  reason!: 'hidden' | 'moderation';

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class VisibilityDto {
  @IsBoolean()
  visible!: boolean;
}

/** Thin: each endpoint validates its input (DTOs), calls one use case, and shapes the HTTP answer. */
@Controller()
export class LeaderboardsController {
  constructor(
    private readonly page: GetBoardPageUseCase,
    private readonly standing: GetBoardStandingUseCase,
    private readonly userRanks: GetUserRanksUseCase,
    private readonly periods: FinalizePeriodsUseCase,
    private readonly listExclusions: ListExclusionsUseCase,
    private readonly excludeUser: ExcludeUserUseCase,
    private readonly includeUser: IncludeUserUseCase,
    private readonly visibility: SetLeaderboardVisibilityUseCase,
    private readonly rebuildBoard: RebuildBoardUseCase,
    private readonly reconcileBoard: ReconcileBoardUseCase,
    private readonly rebuildLive: RebuildLiveBoardsUseCase,
  ) {}

  /** Top N with ranks, a page at a time (`nextCursor`). */
  @Get('v1/leaderboards/:board')
  @UserAccess('public')
  @RequireScope('read')
  async top(@TenantId() tenantId: string, @Param('board') boardId: string, @Query() q: LeaderboardQueryDto, @Headers('if-none-match') inm: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    const { ref, page } = await this.page.execute({ tenantId, boardId, ...q });
    return cacheable(ref, page, inm, res);
  }

  /** One user's rank and score, with `around` neighbours either side. */
  @Get('v1/leaderboards/:board/users/:userId')
  @UserAccess('public')
  @RequireScope('read')
  async rank(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('board') boardId: string, @Param('userId') userId: string, @Query() q: AroundQueryDto, @Headers('if-none-match') inm: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    // Why a user is kept off the boards (moderation, hidden, their opt-out) is theirs and the admins' to know, not other users'.
    const revealExclusion = who.root || who.scopes.includes('admin') || (who.userId !== undefined && who.userId === userId);
    const { ref, body } = await this.standing.execute({ tenantId, boardId, userId, revealExclusion, ...q });
    return cacheable(ref, body, inm, res);
  }

  /** The user's rank on every board and window (current periods); with `scope` (`tag:python`), on that scope of every board ranked within its dimension; with `dimension` (`tag`), on each of the user's top values of it. */
  @Get('v1/users/:userId/ranks')
  @UserAccess('self')
  @RequireScope('read')
  ranks(@TenantId() tenantId: string, @Param('userId') userId: string, @Query() q: UserRanksQueryDto) {
    return this.userRanks.execute({ tenantId, userId, scope: q.scope, dimension: q.dimension, limit: q.limit });
  }

  /**
   * Computes, publishes and locks this tenant's finished periods that are due, now (the job does it
   * every LEADERBOARD_PERIOD_INTERVAL_MS, looking back `lockAfterHours` and a week). `since`: also
   * every period that ended after it, up to 400 per window — after importing back-dated history.
   */
  @Post('v1/admin/leaderboards/periods/run')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiBody({ type: RunPeriodsDto, required: false })
  async runPeriods(@TenantId() tenantId: string, @Body() b: RunPeriodsDto) {
    return { moved: await this.periods.execute({ tenantId, ...(b?.since ? { since: b.since.getTime() } : {}) }) };
  }

  /** Users kept off the leaderboards (opt-out, hidden, moderation). */
  @Get('v1/admin/leaderboards/exclusions')
  @RequireScope('admin')
  exclusions(@TenantId() tenantId: string) {
    return this.listExclusions.execute({ tenantId });
  }

  /** Hides a user or removes them by moderation: off every live board at once, published periods re-ranked. */
  @Put('v1/admin/leaderboards/exclusions/:userId')
  @RequireScope('admin')
  exclude(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('userId', UserIdPipe) userId: string, @Body() b: ExclusionDto) {
    // The tenant the request names (the root key must name one: 422 tenant_required), never the key's own `*`.
    return this.excludeUser.execute({ tenantId, userId, reason: b.reason, note: b.note ?? null, actor: `key:${who.keyId}` });
  }

  /** Puts a hidden, removed or opted-out user back on the boards, with what the ledger holds for them. */
  @Delete('v1/admin/leaderboards/exclusions/:userId')
  @RequireScope('admin')
  include(@TenantId() tenantId: string, @Param('userId', UserIdPipe) userId: string) {
    return this.includeUser.execute({ tenantId, userId });
  }

  /** A user's own choice (sent by the product's backend): off the leaderboards, or back on. An admin's exclusion stays (409). */
  @Put('v1/users/:userId/leaderboard-visibility')
  @RequireScope('events:write')
  setVisibility(@TenantId() tenantId: string, @Param('userId', UserIdPipe) userId: string, @Body() b: VisibilityDto) {
    return this.visibility.execute({ tenantId, userId, visible: b.visible });
  }

  /**
   * Rebuilds every live period of every board of the tenant (each window's running period, and
   * ended ones not yet locked, in every scope) from the ledger: after a restore into an empty
   * Redis, or a flushed one.
   */
  @Post('v1/admin/leaderboards/rebuild')
  @HttpCode(200)
  @RequireScope('admin')
  rebuildAll(@TenantId() tenantId: string) {
    return this.rebuildLive.execute({ tenantId });
  }

  /** Rebuilds a board period from the ledger (losing Redis loses nothing). */
  @Post('v1/admin/leaderboards/:board/rebuild')
  @HttpCode(200)
  @RequireScope('admin')
  rebuild(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('board') boardId: string, @Body() b: BoardPeriodDto) {
    return this.rebuildBoard.execute({ tenantId, boardId, ...b, actor: who.keyId });
  }

  /** Every user whose board score differs from the ledger (should be none). */
  @Get('v1/admin/leaderboards/:board/reconcile')
  @RequireScope('admin')
  reconcile(@TenantId() tenantId: string, @Param('board') boardId: string, @Query() q: BoardPeriodDto) {
    return this.reconcileBoard.execute({ tenantId, boardId, ...q });
  }
}
