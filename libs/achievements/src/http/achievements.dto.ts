import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class AchievementReasonDto {
  /** Why (kept in the audit log). */
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

export class EvaluateDto {
  /** Default true: count who qualifies; false unlocks for them. */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
