import { IsDateString, IsInt, IsObject, IsOptional, IsString, Length, Matches, Min } from 'class-validator';

/** POST /v1/events body: the canonical shape (other producer dialects arrive with the contracts issue). */
export class IngestEventDto {
  @IsString()
  @Matches(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, { message: 'type must be dotted words, e.g. knowledge.answer.accepted' })
  type!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  schemaVersion?: number;

  @IsString()
  @Length(1, 128)
  userId!: string;

  /** Required (seed 000, gate 4): nothing is awarded without a valid idempotency key. */
  @IsString()
  @Length(8, 200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be printable ASCII without spaces' })
  idempotencyKey!: string;

  @IsDateString({ strict: true })
  occurredAt!: string;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  source?: string;

  @IsOptional()
  @IsString()
  correlationId?: string;

  @IsOptional()
  @IsString()
  causationId?: string;

  @IsObject()
  payload!: Record<string, unknown>;

  @IsOptional()
  @IsObject()
  meta?: Record<string, unknown>;
}
