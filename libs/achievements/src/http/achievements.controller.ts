import { Controller, Get, Param } from '@nestjs/common';
import { RequireScope, TenantId } from '@questline/platform';
import { ListAchievementsUseCase } from '../usecases/list-achievements/list-achievements.usecase';

@RequireScope('read')
@Controller('v1/users/:userId/achievements')
export class AchievementsController {
  constructor(private readonly achievements: ListAchievementsUseCase) {}

  /** The user's unlocked achievements, each with when and by which event it was unlocked. */
  @Get()
  list(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.achievements.execute({ tenantId, userId });
  }
}
