import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DAILY_METRICS } from '../domain/analytics.repository';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class PeriodQueryDto {
  /** First local day (the pack's time zone), `YYYY-MM-DD`; default: 29 days before `to`. */
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day, YYYY-MM-DD' })
  from?: string;

  /** Last local day, included; default: today. */
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day, YYYY-MM-DD' })
  to?: string;
}

export class DailyQueryDto extends PeriodQueryDto {
  /** Only this dimension value (an event type, a currency, `xp/<rule id>`, `community:42`…). */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  dimension?: string;
}

export class MetricParamDto {
  @IsIn(DAILY_METRICS)
  metric!: (typeof DAILY_METRICS)[number];
}

export class DistributionQueryDto {
  /** Histogram buckets (equal width over 0 … the largest lifetime balance). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  buckets: number = 20;
}

export class RecomputeDto {
  @Matches(DAY, { message: 'from must be a day, YYYY-MM-DD' })
  from!: string;

  @Matches(DAY, { message: 'to must be a day, YYYY-MM-DD' })
  to!: string;
}

export class UserSearchDto {
  /** The start of a user id ('' lists from the first). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  prefix: string = '';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}
