import { Injectable } from '@nestjs/common';
import { BoardExclusions } from '../exclusions/board-exclusions';
import type { IncludeUserCommand } from './include-user.command';

/** An admin puts a hidden, removed or opted-out user back on the boards, with what the ledger holds for them. */
@Injectable()
export class IncludeUserUseCase {
  constructor(private readonly exclusions: BoardExclusions) {}

  execute(command: IncludeUserCommand) {
    return this.exclusions.include(command.tenantId, command.userId, false);
  }
}
