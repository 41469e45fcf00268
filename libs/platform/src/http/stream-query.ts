import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

type Constructor<T = object> = new (...args: any[]) => T;

/**
 * (The Swagger decorators are explicit: the OpenAPI plugin does not read a mixin's fields.)
 *
 * The query fields every stream route accepts (SSE and WebSocket alike), added to a route's own
 * query DTO: a user token in the URL (EventSource cannot send headers; stream routes only) and the
 * resume point for clients that cannot send a Last-Event-ID header.
 */
export function WithStreamQuery<TBase extends Constructor>(Base: TBase) {
  class StreamQuery extends Base {
    /** A user token (EventSource cannot send headers). */
    @ApiPropertyOptional({ type: String, maxLength: 4096, description: 'A user token (EventSource cannot send headers).' })
    @IsOptional()
    @IsString()
    @MaxLength(4096)
    access_token?: string;

    /** Resume after this event id (when the Last-Event-ID header cannot be sent). */
    @ApiPropertyOptional({ type: String, maxLength: 20, description: 'Resume after this event id (when the Last-Event-ID header cannot be sent).' })
    @IsOptional()
    @IsString()
    @MaxLength(20)
    lastEventId?: string;
  }
  return StreamQuery;
}

/** A stream route's query with nothing of its own. */
export class StreamQueryDto extends WithStreamQuery(class {}) {}
