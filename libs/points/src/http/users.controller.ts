import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { RequireScope, TenantId } from '@questline/platform';
import { LEDGER_REPOSITORY, type LedgerRepository } from '../domain/ledger.repository';
import { GetProfileUseCase } from '../usecases/get-profile/get-profile.usecase';
import { PageQueryDto } from './pagination.dto';

@RequireScope('read')
@Controller('v1/users/:userId')
export class UsersController {
  constructor(
    private readonly profile: GetProfileUseCase,
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
  ) {}

  @Get('profile')
  getProfile(@TenantId() tenantId: string, @Param('userId') userId: string) {
    return this.profile.execute(tenantId, userId);
  }

  /** Every balance change with the event, rule and rule version that caused it. */
  @Get('ledger')
  async getLedger(@TenantId() tenantId: string, @Param('userId') userId: string, @Query() page: PageQueryDto) {
    return { userId, entries: await this.ledger.entries(tenantId, userId, page.limit) };
  }
}
