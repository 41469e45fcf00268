import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope, TenantId, type Principal } from '@questline/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDate, IsObject, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { ReversalService } from './reversal.service';

export class ReverseEventsDto {
  /** Why (kept with the reversal and in the audit trail): 1–200 characters. */
  @IsString()
  @Length(1, 200)
  reason!: string;

  /** The events to reverse, by id (up to 1,000). Or pick them with userId / type / from / to. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  eventIds?: string[];

  /** Or by your own event ids: the idempotency keys the events were sent with (up to 1,000). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  idempotencyKeys?: string[];

  /** Every processed event about this user (the event's own user: the voter of a vote, not its recipient), narrowed by type and time. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  userId?: string;

  /** Only events of this type (e.g. `vote.cast`). */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/)
  type?: string;

  /**
   * Only events whose payload contains this object (Postgres jsonb containment): `{"post_id": "p-1"}`
   * picks the votes, accepts and comments on one post. With a time range or `userId` (it narrows a
   * selection, never scans all of a tenant's events); at most 20 keys, 2 KiB.
   */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { post_id: 'p-1' } })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;

  /** Event-time range [from, to) (instants). */
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;

  /** Instead of `from`/`to`: a period of the tenant's calendar, named as the boards name it: `d2026-11-23`, `w2026-11-23`, `m2026-11`. */
  @IsOptional() @Matches(/^(d\d{4}-\d{2}-\d{2}|w\d{4}-\d{2}-\d{2}|m\d{4}-\d{2})$/) period?: string;

  /** Default true: show what would be taken back; nothing is written. */
  @IsOptional() @IsBoolean() dryRun?: boolean;
}

@Controller('v1/admin/events/reverse')
@RequireScope('admin')
export class ReversalController {
  constructor(private readonly reversals: ReversalService) {}

  /**
   * Reverses processed events (moderation: serial voting, a deleted post, fraud): whatever each
   * holds in the ledger is taken back (a penalty given back) by compensating entries on the event,
   * so boards, periods and scopes follow, and re-scoring leaves the events out from then on. A dry
   * run (the default) shows who loses what; 409 `rescore_in_progress` while a re-scoring or another
   * reversal of the tenant is applying.
   */
  @Post()
  @HttpCode(200)
  reverse(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Body() dto: ReverseEventsDto) {
    return this.reversals.reverse(tenantId, { eventIds: dto.eventIds, idempotencyKeys: dto.idempotencyKeys, userId: dto.userId, type: dto.type, payload: dto.payload, from: dto.from, to: dto.to, period: dto.period, reason: dto.reason, dryRun: dto.dryRun ?? true }, who);
  }
}
