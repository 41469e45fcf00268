import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { assertUserId } from '@questline/contracts';

/**
 * A route's user id (`@Param('userId', UserIdPipe)`): refused with 422 `invalid_user_id`, its
 * pointer at the path parameter, unless it is a user id ingest would accept as an event's subject.
 * On every route that writes for a user, so nothing is held for an id erasure would refuse.
 */
@Injectable()
export class UserIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, meta: ArgumentMetadata): string {
    assertUserId(value, `/path/${meta.data ?? 'userId'}`);
    return value;
  }
}
