import { Controller, Get, Param } from '@nestjs/common';
import { CurrentPrincipal, RequireScope, TenantId, type Principal } from '@questline/platform';
import { ExportUserUseCase, type UserExport } from '../usecases/export-user/export-user.usecase';

/** Data-subject rights (seed 004 §8.3): access. Admin scope; every request audited. */
@RequireScope('admin')
@Controller('v1/admin/users/:userId')
export class UserDataController {
  constructor(private readonly exports: ExportUserUseCase) {}

  /**
   * Everything the platform holds about the user in Postgres (events, ledger, balances, badges,
   * progress, standings, notifications and their webhook deliveries, redemptions, consents, dead
   * letters, audit entries) as one JSON document, read in one snapshot.
   */
  @Get('export')
  export(@TenantId() tenantId: string, @Param('userId') userId: string, @CurrentPrincipal() who: Principal): Promise<UserExport> {
    return this.exports.execute({ tenantId, userId, actor: who.keyId });
  }
}
