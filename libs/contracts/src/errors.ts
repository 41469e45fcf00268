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

/**
 * Error classes of a failed delivery (seed 002 §8.3). VALIDATION, BUSINESS_RULE and AUTHORIZATION
 * are properties of the message: retrying cannot help, so those go straight to the dead-letter
 * topic. DATABASE, NETWORK, INTERNAL and UNKNOWN may be transient and walk the retry ladder.
 */
export const ERROR_CLASSES = ['VALIDATION', 'BUSINESS_RULE', 'DATABASE', 'NETWORK', 'AUTHORIZATION', 'INTERNAL', 'UNKNOWN'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export function isRetryable(errorClass: ErrorClass): boolean {
  return errorClass === 'DATABASE' || errorClass === 'NETWORK' || errorClass === 'INTERNAL' || errorClass === 'UNKNOWN';
}

export interface FieldError {
  /** JSON pointer (RFC 6901) to the offending field, e.g. `/payload/answer_author_id`. */
  pointer: string;
  detail: string;
  /** Where the field is in the submitted text (1-based), when the input was a document such as a YAML pack. */
  line?: number;
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

/** A domain error whose stable code is chosen where it is thrown. */
abstract class CodedError extends DomainError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
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

export class NotFoundError extends CodedError {
  readonly kind = 'not_found' as const;
}

export class ConflictError extends CodedError {
  readonly kind = 'conflict' as const;
}

/** No credentials, or credentials that identify nobody (unknown, revoked or expired key): HTTP 401. */
export class UnauthorizedError extends CodedError {
  readonly kind = 'unauthorized' as const;
}

/** Valid credentials that lack the permission (scope or tenant): HTTP 403. */
export class ForbiddenError extends CodedError {
  readonly kind = 'forbidden' as const;
}

export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited' as const;
  readonly code = 'rate_limited';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** A message-level refusal by a consumer that retrying cannot fix (seed 002's BUSINESS_RULE). */
export class BusinessRuleError extends CodedError {
  readonly kind = 'conflict' as const;
}
