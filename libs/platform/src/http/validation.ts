import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationFailedError, type FieldError } from '@questline/contracts';

/** Constraints on what a value is; when one fails, the range checks of the same field only repeat it (`?limit=abc` is "not an integer", not also "less than 1"). */
const TYPE_CHECKS = new Set(['isInt', 'isNumber', 'isString', 'isBoolean', 'isIso8601', 'isUuid', 'isIn', 'isEnum', 'isArray', 'isObject', 'isDate']);

/** class-validator's own words where they name its internals ("must be a Date instance"). */
const REWORDED: Record<string, (property: string) => string> = {
  isDate: (property) => `${property} must be an ISO 8601 date or date-time (2026-11-23T10:00:00Z)`,
};

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const pointer = `${prefix}/${e.property}`;
    const failed = Object.entries(e.constraints ?? {});
    const typed = failed.filter(([name]) => TYPE_CHECKS.has(name));
    const own = (typed.length > 0 ? typed : failed).map(([name, detail]) => ({ pointer, detail: REWORDED[name]?.(e.property) ?? detail }));
    return [...own, ...flatten(e.children ?? [], pointer)];
  });
}

const WHAT: Record<string, string> = { body: 'The request body is invalid.', query: 'The query parameters are invalid.', param: 'The path parameters are invalid.' };

/** Says which part of the request failed: the exception factory alone cannot tell the body from the query. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof ValidationFailedError && metadata.type !== 'body' && WHAT[metadata.type]) throw new ValidationFailedError(WHAT[metadata.type]!, err.errors, err.code);
      throw err;
    }
  }
}

/** class-validator for REST DTOs; failures become a 422 problem with one JSON pointer per field. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(WHAT['body']!, flatten(errors), 'invalid_request'),
  });
}
