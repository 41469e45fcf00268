import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationFailedError, type FieldError } from '@questline/contracts';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const pointer = `${prefix}/${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((detail) => ({ pointer, detail }));
    return [...own, ...flatten(e.children ?? [], pointer)];
  });
}

/** class-validator for REST DTOs; failures become a 422 problem with one JSON pointer per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError('The request body is invalid.', flatten(errors), 'invalid_request'),
  });
}
