import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, RequireScope, TenantId, UserAccess, UserIdPipe, type Principal } from '@questline/platform';
import { AchievementReasonDto, EvaluateDto } from './achievements.dto';
import { AdminAchievementsUseCase } from '../usecases/admin-achievements/admin-achievements.usecase';
import { GetCatalogueUseCase } from '../usecases/get-catalogue/get-catalogue.usecase';
import { ListAchievementsUseCase } from '../usecases/list-achievements/list-achievements.usecase';

@RequireScope('read')
@Controller('v1/users/:userId/achievements')
export class AchievementsController {
  constructor(private readonly achievements: ListAchievementsUseCase) {}

  /** The user's unlocked achievements, each with when and by which event it was unlocked. */
  @Get()
  @UserAccess('self')
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
  @UserAccess('public')
  list(@TenantId() tenantId: string) {
    return this.catalogue.execute(tenantId);
  }
}

/** Support tools: grant or revoke an achievement with a reason (audited, announced). */
@RequireScope('admin')
@Controller('v1/admin/users/:userId/achievements/:achievementId')
export class AchievementsAdminController {
  constructor(private readonly admin: AdminAchievementsUseCase) {}

  /** Unlocks the achievement for the user (lifting an earlier revocation); a repeat changes nothing (`granted: false`). */
  @Post('grant')
  @HttpCode(200)
  grant(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('userId', UserIdPipe) userId: string, @Param('achievementId') achievementId: string, @Body() dto: AchievementReasonDto) {
    return this.admin.grant(tenantId, userId, achievementId, dto.reason, who);
  }

  /** Withdraws the achievement; automatic unlocks skip it until it is granted again. 404 `not_unlocked` when the user does not hold it. */
  @Post('revoke')
  @HttpCode(200)
  revoke(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('userId', UserIdPipe) userId: string, @Param('achievementId') achievementId: string, @Body() dto: AchievementReasonDto) {
    return this.admin.revoke(tenantId, userId, achievementId, dto.reason, who);
  }
}

/** Batch evaluation of one achievement over the tenant's users (dry run by default). */
@RequireScope('admin')
@Controller('v1/admin/achievements/:achievementId')
export class AchievementsBatchController {
  constructor(private readonly admin: AdminAchievementsUseCase) {}

  /** Checks every user's current standing against the achievement and unlocks it for those who qualify (`dryRun: false`), once; audited. */
  @Post('evaluate')
  @HttpCode(200)
  evaluate(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('achievementId') achievementId: string, @Body() dto: EvaluateDto) {
    return this.admin.evaluateAll(tenantId, achievementId, dto.dryRun ?? true, who);
  }
}
