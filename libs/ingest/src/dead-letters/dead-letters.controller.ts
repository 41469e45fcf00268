import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ERROR_CLASSES, ValidationFailedError, type ErrorClass } from '@questline/contracts';
import { CurrentPrincipal, RequireScope, type Principal } from '@questline/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import type { Operation } from 'fast-json-patch';
import type { DeadLetterStatus } from './dead-letter.repository';
import { DeadLettersService, MAX_REPLAY } from './dead-letters.service';

class DeadLetterFilterDto {
  @IsOptional() @IsString() topic?: string;
  @IsOptional() @IsIn(ERROR_CLASSES) errorClass?: ErrorClass;
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

export class ListDeadLettersQuery extends DeadLetterFilterDto {
  @IsOptional() @IsIn(['pending', 'replayed', 'discarded']) status?: DeadLetterStatus;
  /** Root key only: one tenant's dead letters. */
  @IsOptional() @IsString() tenant?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}

export class ReplayDeadLettersDto {
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(MAX_REPLAY) @IsUUID('all', { each: true }) ids?: string[];
  @IsOptional() @ValidateNested() @Type(() => DeadLetterFilterDto) filter?: DeadLetterFilterDto;
  @IsOptional() @IsBoolean() dryRun?: boolean;
  /** RFC 6902 operations to fix the message before it is replayed (one id only). */
  @IsOptional() @IsArray() patch?: Operation[];
}

export class DiscardDeadLettersDto {
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(MAX_REPLAY) @IsUUID('all', { each: true }) ids!: string[];
  @IsString() @Length(3, 500) reason!: string;
}

/** Tenant admins see their tenant's dead letters; the root key sees all (or one, with ?tenant=). */
const scopeOf = (who: Principal, tenant?: string): string | null => (who.root ? (tenant ?? (who.tenantId === '*' ? null : who.tenantId)) : who.tenantId);

function decodeCursor(cursor: string): { deadAt: string; id: string } {
  try {
    const [deadAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (!deadAt || !id || Number.isNaN(Date.parse(deadAt))) throw new Error('bad');
    return { deadAt, id };
  } catch {
    throw new ValidationFailedError('Malformed cursor: pass back the nextCursor of a previous page.', [{ pointer: '/query/cursor', detail: 'malformed' }], 'invalid_cursor');
  }
}

@Controller('v1/admin/dlq')
@RequireScope('admin')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  async list(@CurrentPrincipal() who: Principal, @Query() q: ListDeadLettersQuery) {
    const limit = q.limit ?? 50;
    const items = await this.deadLetters.list(
      { tenantId: scopeOf(who, q.tenant), topic: q.topic, errorClass: q.errorClass, status: q.status, from: q.from, to: q.to },
      limit,
      q.cursor ? decodeCursor(q.cursor) : undefined,
    );
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? Buffer.from(`${last.deadAt}|${last.id}`).toString('base64url') : null };
  }

  @Get(':id')
  get(@CurrentPrincipal() who: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.deadLetters.get(scopeOf(who), id);
  }

  /** Replays by ids or by filter (pending only), optionally as a dry run. */
  @Post('replay')
  @HttpCode(200)
  replay(@CurrentPrincipal() who: Principal, @Body() dto: ReplayDeadLettersDto) {
    return this.deadLetters.replay(scopeOf(who), who, dto);
  }

  @Post('discard')
  @HttpCode(200)
  discard(@CurrentPrincipal() who: Principal, @Body() dto: DiscardDeadLettersDto) {
    return this.deadLetters.discard(scopeOf(who), who, dto.ids, dto.reason);
  }
}
