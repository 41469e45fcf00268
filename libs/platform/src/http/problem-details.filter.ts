import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, RateLimitedError, UnauthorizedError, type ErrorKind, type FieldError } from '@questline/contracts';
import type { Logger } from 'pino';

const STATUS: Record<ErrorKind, number> = {
  validation: 422,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Fastify's own errors (body parsing, content type, size) carry a code and statusCode. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
};

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: FieldError[];
}

/** Every error leaves as RFC 9457 problem+json with a stable `code` and JSON pointers per field. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(exception, request.url);
    if (problem.status >= 500) this.logger.error({ err: exception, url: request.url }, 'request failed');
    if (exception instanceof RateLimitedError) void reply.header('retry-after', String(exception.retryAfterSeconds));
    if (exception instanceof UnauthorizedError) void reply.header('www-authenticate', 'Bearer realm="questline"');
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(problem);
  }

  toProblem(exception: unknown, instance: string): ProblemDetails {
    return toProblem(exception, instance);
  }
}

/** The problem+json body for any thrown value (also used for per-item errors of batch requests). */
export function toProblem(exception: unknown, instance: string): ProblemDetails {
  const make = (status: number, code: string, detail: string, errors?: FieldError[]): ProblemDetails => ({
    type: `https://questline.dev/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  });
  if (exception instanceof DomainError) {
    return make(STATUS[exception.kind], exception.code, exception.message, exception.errors);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
    // Nest re-wraps Fastify's body-parser errors as plain HttpExceptions: recover their meaning.
    const code =
      status === 404 ? 'route_not_found'
      : status === 413 ? 'payload_too_large'
      : status === 415 ? 'unsupported_media_type'
      : status === 400 && /not valid JSON|Unexpected token|JSON at position/i.test(detail) ? 'invalid_json'
      : status === 400 && /Body cannot be empty/i.test(detail) ? 'empty_body'
      : (TITLES[status] ?? 'error').toLowerCase().replace(/ /g, '_');
    return make(status, code, detail);
  }
  // Postgres refusing a value of the request (a NUL in text, a date out of its range, a number too
  // big: SQLSTATE classes 22 and 54, NOT NULL, CHECK) is the request's fault on any route: a 422,
  // not a 500 — whether it came from pg, PGlite or Prisma's driver adapter (its `cause`).
  const sqlstate = sqlstateOf(exception);
  if (sqlstate && (sqlstate.startsWith('22') || sqlstate.startsWith('54') || sqlstate === '23502' || sqlstate === '23514')) {
    const message = (exception as { message?: unknown }).message;
    return make(422, 'value_not_storable', `The database refused a value of the request: ${typeof message === 'string' ? message.slice(0, 300) : 'invalid value'}.`, [{ pointer: '', detail: `SQLSTATE ${sqlstate}` }]);
  }
  const fastify = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode < 500) {
    const code =
      (fastify.code && FASTIFY_CODES[fastify.code]) ??
      (exception instanceof SyntaxError || fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'invalid_json' : 'bad_request');
    return make(fastify.statusCode, code, fastify.message ?? 'bad request');
  }
  return make(500, 'internal_error', 'An unexpected error occurred.');
  }

/** The SQLSTATE of a database error: pg's and PGlite's `code` (with `severity`), or Prisma's driver adapter's `cause.originalCode`. */
function sqlstateOf(exception: unknown): string | undefined {
  if (!exception || typeof exception !== 'object') return undefined;
  const e = exception as { code?: unknown; severity?: unknown; cause?: { originalCode?: unknown } };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e) return e.code;
  const original = e.cause?.originalCode;
  return typeof original === 'string' && /^[0-9A-Z]{5}$/.test(original) ? original : undefined;
}
