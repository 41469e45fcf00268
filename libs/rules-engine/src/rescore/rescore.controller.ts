import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CurrentPrincipal, RequireScope, TenantId, type Principal } from '@questline/platform';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsOptional } from 'class-validator';
import { RescoreService } from './rescore.service';

export class RescoreDto {
  /** Event-time range [from, to) to replay. */
  @Type(() => Date) @IsDate() from!: Date;
  @Type(() => Date) @IsDate() to!: Date;
  /** Default true: show who gains or loses what; nothing is written. */
  @IsOptional() @IsBoolean() dryRun?: boolean;
}

@Controller('v1/admin/rescore')
@RequireScope('admin')
export class RescoreController {
  constructor(private readonly rescore: RescoreService) {}

  /** Replays stored events through the active pack: a dry-run diff, or compensating ledger entries. */
  @Post()
  @HttpCode(200)
  run(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Body() dto: RescoreDto) {
    return this.rescore.run(tenantId, { from: dto.from, to: dto.to, dryRun: dto.dryRun ?? true }, who);
  }
}
