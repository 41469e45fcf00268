import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';

/**
 * A JSON document already serialised (by Postgres, row by row): sent as it is, never parsed and
 * re-serialised here. `T` is the shape of the document: the OpenAPI generator describes the
 * response as `T`. Returned by a handler that uses `SendsJsonText`.
 */
export class JsonText<T> {
  declare readonly shape?: T;
  constructor(readonly text: string) {}
}

/** Sends a handler's JsonText as its body (application/json), untouched. */
@Injectable()
export class SendsJsonText implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) => {
        if (!(value instanceof JsonText)) return value;
        context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>().header('content-type', 'application/json; charset=utf-8');
        return value.text;
      }),
    );
  }
}
