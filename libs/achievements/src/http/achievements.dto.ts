import { IsString, MaxLength, MinLength } from 'class-validator';

export class AchievementReasonDto {
  /** Why (kept in the audit log). */
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
