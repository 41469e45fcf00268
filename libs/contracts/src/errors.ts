/**
 * The project's base error. Domain code throws subclasses with a stable `code`; the edges map the
 * `kind` to transport semantics (HTTP status in the problem+json filter, retryable-or-not in the
 * messaging retry policy). Domain code never throws transport exceptions.
 */
export type ErrorKind =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface FieldError {
  /** JSON pointer (RFC 6901) to the offending field, e.g. `/payload/answer_author_id`. */
  pointer: string;
  detail: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  readonly errors: FieldError[];

  constructor(message: string, errors: FieldError[] = []) {
    super(message);
    this.name = new.target.name;
    this.errors = errors;
  }
}

export class ValidationFailedError extends DomainError {
  readonly code: string;
  readonly kind = 'validation' as const;
  constructor(message: string, errors: FieldError[] = [], code = 'validation_failed') {
    super(message, errors);
    this.code = code;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
