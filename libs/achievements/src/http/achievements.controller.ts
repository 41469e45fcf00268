import { Controller, Get, Param } from '@nestjs/common';
import { RequireScope, TenantId } from '@questline/platform';
import { GetCatalogueUseCase } from '../usecases/get-catalogue/get-catalogue.usecase';
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

@RequireScope('read')
@Controller('v1/achievements')
export class AchievementCatalogueController {
  constructor(private readonly catalogue: GetCatalogueUseCase) {}

  /** The tenant's achievements with how many users unlocked each (and the share of users); secret ones show only that they exist. */
  @Get()
  list(@TenantId() tenantId: string) {
    return this.catalogue.execute(tenantId);
  }
}
