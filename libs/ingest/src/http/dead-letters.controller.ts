import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ERROR_CLASSES, type ErrorClass } from '@questline/contracts';
import { CurrentPrincipal, RequireScope, type Principal } from '@questline/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import type { Operation } from 'fast-json-patch';
import type { DeadLetterStatus } from '../domain/dead-letter.repository';
import { MAX_REPLAY } from '../usecases/dead-letters/dead-letters';
import { DiscardDeadLettersUseCase } from '../usecases/discard-dead-letters/discard-dead-letters.usecase';
import { GetDeadLetterUseCase } from '../usecases/get-dead-letter/get-dead-letter.usecase';
import { ListDeadLettersUseCase } from '../usecases/list-dead-letters/list-dead-letters.usecase';
import { ReplayDeadLettersUseCase } from '../usecases/replay-dead-letters/replay-dead-letters.usecase';

export class DeadLetterFilterDto {
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
  /** RFC 6902 operations to fix the message before it is replayed (one id only; at most 1,000 operations, and the patched message at most 256 KiB). */
  @IsOptional() @IsArray() patch?: Operation[];
}

export class DiscardDeadLettersDto {
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(MAX_REPLAY) @IsUUID('all', { each: true }) ids!: string[];
  @IsString() @Length(3, 500) reason!: string;
}

/** Tenant admins see their tenant's dead letters; the root key sees all (or one, with ?tenant=). */
const scopeOf = (who: Principal, tenant?: string): string | null => (who.root ? (tenant ?? (who.tenantId === '*' ? null : who.tenantId)) : who.tenantId);

@Controller('v1/admin/dlq')
@RequireScope('admin')
export class DeadLettersController {
  constructor(
    private readonly listing: ListDeadLettersUseCase,
    private readonly getting: GetDeadLetterUseCase,
    private readonly replaying: ReplayDeadLettersUseCase,
    private readonly discarding: DiscardDeadLettersUseCase,
  ) {}

  /** Dead letters, newest first, filtered by status, a page at a time. */
  @Get()
  list(@CurrentPrincipal() who: Principal, @Query() q: ListDeadLettersQuery) {
    return this.listing.execute({ tenantId: scopeOf(who, q.tenant), ...q });
  }

  /** One dead letter with its message, error class and history. */
  @Get(':id')
  get(@CurrentPrincipal() who: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.getting.execute({ tenantId: scopeOf(who), id });
  }

  /** Replays by ids or by filter (pending only), optionally as a dry run. */
  @Post('replay')
  @HttpCode(200)
  replay(@CurrentPrincipal() who: Principal, @Body() dto: ReplayDeadLettersDto) {
    return this.replaying.execute({ tenantId: scopeOf(who), who, ...dto });
  }

  /** Discards dead letters with a reason (audited); they are kept, marked discarded. */
  @Post('discard')
  @HttpCode(200)
  discard(@CurrentPrincipal() who: Principal, @Body() dto: DiscardDeadLettersDto) {
    return this.discarding.execute({ tenantId: scopeOf(who), who, ids: dto.ids, reason: dto.reason });
  }
}
