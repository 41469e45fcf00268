import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** A rewards catalog item, as an admin writes it. */
export class RewardItemDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** The currency the cost is paid in (a currency of the tenant's pack). */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
  currency!: string;

  /** A positive integer. */
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  cost!: number;

  /** Units left; omit for unlimited. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000) // MAX_STOCK, written out: the OpenAPI plugin reads literals only
  stock?: number;

  /** Most live (started or finalized) redemptions one user may hold of this item; omit for no limit. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  perUserLimit?: number;

  @IsOptional() @Type(() => Date) @IsDate() availableFrom?: Date;
  @IsOptional() @Type(() => Date) @IsDate() availableUntil?: Date;

  /** `digital` (default): finalized at once. `fulfilled`: started until confirmed or failed over the admin API. */
  @IsOptional()
  @IsIn(['digital', 'fulfilled'])
  fulfilment?: 'digital' | 'fulfilled';

  /** Only users at this level or above may redeem it. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  minLevel?: number;

  /** Achievement ids (tiers too: `fan.gold`) the user must hold to redeem it. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,129}$/, { each: true })
  requiresBadges?: string[];

  /** Default true; false hides it and refuses redemptions. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class StockDto {
  /** Units to add (negative: remove; never below 0). */
  // Spelled out for the OpenAPI document: its plugin drops a property whose bound is negative (not a literal to it).
  @ApiProperty({ type: 'integer', minimum: -1_000_000_000, maximum: 1_000_000_000, description: 'Units to add (negative: remove; never below 0).' })
  @IsInt()
  @Min(-1_000_000_000) // ±MAX_STOCK, written out: the OpenAPI plugin reads literals only
  @Max(1_000_000_000)
  delta!: number;
}

export class RedeemDto {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
  itemId!: string;
}

export class SettleDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RewardsQueryDto {
  /** Answer for this user too: whether they can afford it, are eligible, and how many they hold. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  userId?: string;
}
