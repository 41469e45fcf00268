import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentPrincipal, RequireScope, TenantId, type Principal } from '@questline/platform';
import { RetentionJob, type RetentionReport } from '../usecases/retention/retention.job';

export class RetentionRunDto {
  /** Count what would be archived and deleted, change nothing (default false). */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

/** The event-store retention job, run now for the tenant (it also runs on its own: RETENTION_INTERVAL_MS). */
@RequireScope('admin')
@Controller('v1/admin/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionJob) {}

  /** Archives (compressed JSON lines with an index) and deletes the tenant's events older than their type's retention; the ledger is kept. Audited. */
  @Post('run')
  @HttpCode(200)
  run(@TenantId() tenantId: string, @Body() dto: RetentionRunDto, @CurrentPrincipal() who: Principal): Promise<RetentionReport> {
    return this.retention.run({ tenantId, dryRun: dto.dryRun === true, actor: who.keyId });
  }
}
