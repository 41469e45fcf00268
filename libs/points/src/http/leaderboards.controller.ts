import { Controller, Get, Param, Query } from '@nestjs/common';
import { RequireScope, TenantId } from '@questline/platform';
import { GetLeaderboardUseCase } from '../usecases/get-leaderboard/get-leaderboard.usecase';
import { PageQueryDto } from './pagination.dto';

@RequireScope('read')
@Controller('v1/leaderboards')
export class LeaderboardsController {
  constructor(private readonly leaderboards: GetLeaderboardUseCase) {}

  @Get(':board')
  top(@TenantId() tenantId: string, @Param('board') board: string, @Query() page: PageQueryDto) {
    return this.leaderboards.top(tenantId, board, page.offset, page.limit);
  }

  @Get(':board/users/:userId')
  rank(@TenantId() tenantId: string, @Param('board') board: string, @Param('userId') userId: string) {
    return this.leaderboards.rankOf(tenantId, board, userId);
  }
}
