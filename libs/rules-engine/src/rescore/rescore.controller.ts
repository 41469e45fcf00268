import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CurrentPrincipal, RequireScope, TenantId, type Principal } from '@questline/platform';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsOptional, Matches } from 'class-validator';
import { RescoreService } from './rescore.service';

export class RescoreDto {
  /** Event-time range [from, to) to replay: instants (a bare date is midnight UTC). Or give `period`. */
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  /** Instead of `from`/`to`: a period of the tenant's calendar (its `timezone` and `weekStart`), named as the boards name them: `d2026-11-23`, `w2026-11-23` (the week's first day), `m2026-11`. */
  @IsOptional() @Matches(/^(d\d{4}-\d{2}-\d{2}|w\d{4}-\d{2}-\d{2}|m\d{4}-\d{2})$/) period?: string;
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
    return this.rescore.run(tenantId, { from: dto.from, to: dto.to, period: dto.period, dryRun: dto.dryRun ?? true }, who);
  }
}
