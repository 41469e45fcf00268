import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import type { EventStatus } from '../domain/ingested-event.repository';

const STATUSES: EventStatus[] = ['queued', 'processed', 'failed_retrying', 'dead_lettered'];

/** `GET /v1/events`: a user's events, or the one with an idempotency key (one of the two is required). */
export class ListEventsQueryDto {
  /** The events of this user (the event's subject). */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  userId?: string;

  /** The event accepted with this idempotency key. */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  idempotencyKey?: string;

  /** Only events of this type. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  type?: string;

  @IsOptional()
  @IsIn(STATUSES)
  status?: EventStatus;

  /** Event time at or after (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Event time before (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
