import { Injectable } from '@nestjs/common';
import { BoardExclusions } from '../exclusions/board-exclusions';
import type { SetLeaderboardVisibilityCommand } from './set-leaderboard-visibility.command';

/** A user's own choice, sent by the product's backend: off the leaderboards, or back on. An admin's exclusion stays (409). */
@Injectable()
export class SetLeaderboardVisibilityUseCase {
  constructor(private readonly exclusions: BoardExclusions) {}

  execute(command: SetLeaderboardVisibilityCommand) {
    const { tenantId, userId, visible } = command;
    if (!visible) return this.exclusions.exclude(tenantId, userId, 'opt_out', null, 'user').then((r) => ({ userId, visible: false, reason: r.exclusion.reason }));
    return this.exclusions.include(tenantId, userId, true).then(() => ({ userId, visible: true }));
  }
}
