import type { BoardPeriodCommand } from '../locate-board/board-locator';

export interface GetBoardStandingCommand extends BoardPeriodCommand {
  userId: string;
  /** Neighbours either side. */
  around: number;
  /** Say why an excluded user is not ranked (admins, the user themself); others get a plain not_ranked. */
  revealExclusion?: boolean;
}
