import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, Max, MaxLength, Min, IsString } from 'class-validator';
import { ValidationFailedError } from '@questline/contracts';
import { createValidationPipe } from './validation';

class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @IsOptional()
  @IsIn(['a', 'b'])
  kind?: string;

  @IsOptional()
  @IsString()
  @MaxLength(3)
  cursor?: string;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;
}

const refusal = async (query: Record<string, unknown>) => {
  try {
    await createValidationPipe().transform(query, { type: 'query', metatype: PageQuery });
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationFailedError);
    return { detail: (err as ValidationFailedError).message, errors: (err as ValidationFailedError).errors };
  }
  throw new Error('accepted');
};

describe('the validation pipe', () => {
  it('says a value of the wrong type once, not also every range it then misses (Threadly trial #5: ?limit=abc listed three)', async () => {
    expect(await refusal({ limit: 'abc' })).toEqual({ detail: 'The query parameters are invalid.', errors: [{ pointer: '/limit', detail: 'limit must be an integer number' }] });
    expect((await refusal({ limit: '1.5' })).errors).toEqual([{ pointer: '/limit', detail: 'limit must be an integer number' }]);
    // Not the validator's internals ("must be a Date instance": Askly trial #10).
    expect((await refusal({ from: 'not-a-date' })).errors).toEqual([{ pointer: '/from', detail: 'from must be an ISO 8601 date or date-time (2026-11-23T10:00:00Z)' }]);
  });

  it('still names every range a well-typed value misses, and every field that failed', async () => {
    expect((await refusal({ limit: '0' })).errors).toEqual([{ pointer: '/limit', detail: 'limit must not be less than 1' }]);
    expect((await refusal({ limit: '501', kind: 'c', cursor: 'abcd' })).errors).toEqual([
      { pointer: '/limit', detail: 'limit must not be greater than 500' },
      { pointer: '/kind', detail: 'kind must be one of the following values: a, b' },
      { pointer: '/cursor', detail: 'cursor must be shorter than or equal to 3 characters' },
    ]);
    expect((await refusal({ other: '1' })).errors).toEqual([{ pointer: '/other', detail: 'property other should not exist' }]);
  });
});
