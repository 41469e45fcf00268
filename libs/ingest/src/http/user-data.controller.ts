import { Controller, Delete, Get, HttpCode, Param, UseInterceptors } from '@nestjs/common';
import { CurrentPrincipal, JsonText, RequireScope, SendsJsonText, TenantId, type Principal } from '@questline/platform';
import { DeleteUserUseCase, type DeletionReceipt } from '../usecases/delete-user/delete-user.usecase';
import { ExportUserUseCase, type UserExport } from '../usecases/export-user/export-user.usecase';

/** Data-subject rights (seed 004 §8.3): access and erasure. Admin scope; every request audited. */
@RequireScope('admin')
@Controller('v1/admin/users/:userId')
export class UserDataController {
  constructor(
    private readonly exports: ExportUserUseCase,
    private readonly deletions: DeleteUserUseCase,
  ) {}

  /**
   * Everything the platform holds about the user in Postgres (events, ledger, balances, badges,
   * progress, standings, notifications and their webhook deliveries, redemptions, consents, dead
   * letters, audit entries) as one JSON document, read in one snapshot.
   */
  @Get('export')
  @UseInterceptors(SendsJsonText)
  async export(@TenantId() tenantId: string, @Param('userId') userId: string, @CurrentPrincipal() who: Principal): Promise<JsonText<UserExport>> {
    return (await this.exports.execute({ tenantId, userId, actor: who.keyId })).document;
  }

  /**
   * Erasure: a tombstone (nothing is linked to the user again, whatever is redelivered or
   * replayed), then every row about the user anonymised under a pseudonym (amounts kept: totals
   * and boards of others stay exact) or deleted, and the user taken off every board. Returns a
   * receipt. Repeating it erases whatever arrived since and returns the same receipt id.
   * 404 `unknown_user` when nothing is held about the user (nothing is changed).
   */
  @Delete()
  @HttpCode(200)
  delete(@TenantId() tenantId: string, @Param('userId') userId: string, @CurrentPrincipal() who: Principal): Promise<DeletionReceipt> {
    return this.deletions.execute({ tenantId, userId, actor: who.keyId });
  }
}
