import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { Observable } from 'rxjs';
import { ValidationFailedError } from '@questline/contracts';

/** RouteParamtypes (Nest): REQUEST, RESPONSE and QUERY; a handler with one of them reads the query itself. */
const READS_QUERY = new Set([0, 1, 4]);

/**
 * A `/v1` route that declares no query parameters refuses any: `GET /v1/users/u/progress?date=…`
 * answered today's progress as if the date had been read. Routes with a query DTO already refuse
 * what it does not declare (the validation pipe's `forbidNonWhitelisted`); this gives routes
 * without one the same 422, with a pointer per parameter. Handlers that take the request or reply
 * (and may read the query themselves) are left alone. A stream's `access_token` is declared by its
 * query class, so a token sent where it is not read is refused, not ignored.
 */
export class UndeclaredQueryInterceptor implements NestInterceptor {
  private readonly readsQuery = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<{ url?: string; query?: Record<string, unknown> }>();
    const keys = req.query ? Object.keys(req.query) : [];
    if (keys.length === 0 || !req.url?.startsWith('/v1/') || this.declares(context)) return next.handle();
    throw new ValidationFailedError(
      'The query parameters are invalid.',
      keys.slice(0, 10).map((k) => ({ pointer: `/${k.slice(0, 64)}`, detail: `property ${k.slice(0, 64)} should not exist: this route takes no query parameters` })),
      'invalid_request',
    );
  }

  private declares(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let reads = this.readsQuery.get(handler);
    if (reads === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, unknown>;
      reads = Object.keys(args).some((k) => READS_QUERY.has(Number(k.split(':')[0])));
      this.readsQuery.set(handler, reads);
    }
    return reads;
  }
}
