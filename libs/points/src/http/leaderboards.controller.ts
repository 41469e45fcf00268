import { createHash } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { WINDOWS } from '@questline/leaderboard';
import { RequireScope, TenantId } from '@questline/platform';
import { GetLeaderboardUseCase, type BoardRef } from '../usecases/get-leaderboard/get-leaderboard.usecase';
import { MaintainLeaderboardsUseCase } from '../usecases/maintain-leaderboards/maintain-leaderboards.usecase';

export class BoardPeriodDto {
  /** all-time (default), daily, weekly or monthly. */
  @IsOptional()
  @IsIn(WINDOWS)
  window?: string;

  /** `all`, `d2026-11-24`, `w2026-11-23` (first day of the week), `m2026-11`; default: the current period. */
  @IsOptional()
  @IsString()
  @Matches(/^(all|[dw]\d{4}-\d{2}-\d{2}|m\d{4}-\d{2})$/)
  period?: string;
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
 * ETag (a hash of the body) and Cache-Control: a running period for a few seconds, a finished one
 * for an hour. A matching If-None-Match gets 304 with no body.
 */
function cacheable<T>(ref: BoardRef, body: T, ifNoneMatch: string | undefined, res: FastifyReply): T | undefined {
  const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
  res.header('etag', etag).header('cache-control', `private, max-age=${ref.current ? 5 : 3600}`);
  if (ifNoneMatch === etag) {
    res.status(304);
    return undefined;
  }
  return body;
}

@Controller()
export class LeaderboardsController {
  constructor(
    private readonly leaderboards: GetLeaderboardUseCase,
    private readonly maintenance: MaintainLeaderboardsUseCase,
  ) {}

  /** Top N with ranks, a page at a time (`nextCursor`). */
  @Get('v1/leaderboards/:board')
  @RequireScope('read')
  async top(@TenantId() tenantId: string, @Param('board') board: string, @Query() q: LeaderboardQueryDto, @Headers('if-none-match') inm: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    const { ref, page } = await this.leaderboards.top(tenantId, board, q);
    return cacheable(ref, page, inm, res);
  }

  /** One user's rank and score, with `around` neighbours either side. */
  @Get('v1/leaderboards/:board/users/:userId')
  @RequireScope('read')
  async rank(@TenantId() tenantId: string, @Param('board') board: string, @Param('userId') userId: string, @Query() q: AroundQueryDto, @Headers('if-none-match') inm: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    const { ref, body } = await this.leaderboards.rankOf(tenantId, board, userId, q);
    return cacheable(ref, body, inm, res);
  }

  /** The user's rank on every board and window (current periods). */
  @Get('v1/users/:userId/ranks')
  @RequireScope('read')
  ranks(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.leaderboards.ranksOf(tenantId, userId);
  }

  /** Rebuilds a board period from the ledger (losing Redis loses nothing). */
  @Post('v1/admin/leaderboards/:board/rebuild')
  @HttpCode(200)
  @RequireScope('admin')
  rebuild(@TenantId() tenantId: string, @Param('board') board: string, @Body() b: BoardPeriodDto) {
    return this.maintenance.rebuild(tenantId, board, b.window, b.period);
  }

  /** Every user whose board score differs from the ledger (should be none). */
  @Get('v1/admin/leaderboards/:board/reconcile')
  @RequireScope('admin')
  reconcile(@TenantId() tenantId: string, @Param('board') board: string, @Query() q: BoardPeriodDto) {
    return this.maintenance.reconcile(tenantId, board, q.window, q.period);
  }
}
