import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, NotEquals } from 'class-validator';
import { ValidationFailedError } from '@questline/contracts';

const KINDS = ['earn', 'spend', 'expire', 'refund', 'adjust', 'compensate'] as const;

export class LedgerQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
  currency?: string;

  @IsOptional()
  @IsIn(KINDS)
  kind?: (typeof KINDS)[number];

  /** Event time at or after (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Event time before (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** Only the entries of this event (what it paid or charged this user, and any corrections of it). */
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

export class SpendDto {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
  currency!: string;

  /** A positive integer. */
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amount!: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class RefundDto {
  /** The `spendId` the spend answered. */
  @IsUUID()
  spendId!: string;

  /** Default: all that is left of the spend. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amount?: number;
}

/** The Idempotency-Key header (required for spends and refunds). */
export function idempotencyKeyOf(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ValidationFailedError('An Idempotency-Key header (1–200 visible ASCII characters) is required.', [{ pointer: '/headers/idempotency-key', detail: 'missing or malformed' }], 'idempotency_key_required');
  }
  return key;
}

/** A support adjustment: a credit (positive) or debit (negative) with its reason. */
export class AdjustmentDto {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
  currency!: string;

  /** A non-zero integer: positive credits, negative debits. */
  // Spelled out for the OpenAPI document: its plugin drops a property whose bound is negative (not a literal to it).
  @ApiProperty({ type: 'integer', minimum: -1_000_000_000, maximum: 1_000_000_000, not: { enum: [0] }, description: 'A non-zero integer: positive credits, negative debits.' })
  @IsInt()
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  @NotEquals(0)
  amount!: number;

  /** Why (shown with the ledger entry): 1–200 characters. */
  @IsString()
  @Length(1, 200)
  reason!: string;

  /** The operator's note (a ticket reference, context): at most 2,000 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
