import { Injectable } from '@nestjs/common';
import { BoardExclusions } from '../exclusions/board-exclusions';
import type { ListExclusionsCommand } from './list-exclusions.command';

/** Users kept off the tenant's leaderboards (opt-out, hidden, moderation). */
@Injectable()
export class ListExclusionsUseCase {
  constructor(private readonly exclusions: BoardExclusions) {}

  execute(command: ListExclusionsCommand) {
    return this.exclusions.list(command.tenantId).then((items) => ({ items }));
  }
}
