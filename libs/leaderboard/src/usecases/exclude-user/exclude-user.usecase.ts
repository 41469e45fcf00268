import { Injectable } from '@nestjs/common';
import { BoardExclusions } from '../exclusions/board-exclusions';
import type { ExcludeUserCommand } from './exclude-user.command';

/** An admin hides a user or removes them by moderation: off every live board at once, published periods re-ranked. */
@Injectable()
export class ExcludeUserUseCase {
  constructor(private readonly exclusions: BoardExclusions) {}

  execute(command: ExcludeUserCommand) {
    return this.exclusions.exclude(command.tenantId, command.userId, command.reason, command.note, command.actor);
  }
}
