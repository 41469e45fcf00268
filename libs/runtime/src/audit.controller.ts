import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_TRAIL, type AuditTrail } from '@questline/persistence';
import { RequireScope, TenantId } from '@questline/platform';

export class AuditQueryDto {
  /** Only entries about this target (a dead letter's id, a key's id, a user, a pack version…). */
  @IsOptional() @IsString() @MaxLength(300) target?: string;
  /** Only this action, e.g. `dlq.replay`, `api_key.revoke`, `analytics.recompute`. */
  @IsOptional() @IsString() @MaxLength(100) action?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 100;
}

/** The tenant's admin audit trail: who did what to which target, newest first (admin scope). */
@Controller('v1/admin/audit')
@RequireScope('admin')
export class AuditController {
  constructor(@Inject(AUDIT_TRAIL) private readonly trail: AuditTrail) {}

  /** The tenant's audit entries, newest first, by target and action. */
  @Get()
  async list(@TenantId() tenantId: string, @Query() q: AuditQueryDto) {
    return { items: await this.trail.list(tenantId, { limit: q.limit, ...(q.target ? { target: q.target } : {}), ...(q.action ? { action: q.action } : {}) }) };
  }
}
