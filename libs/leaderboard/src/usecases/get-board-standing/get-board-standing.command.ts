import type { BoardPeriodCommand } from '../locate-board/board-locator';

export interface GetBoardStandingCommand extends BoardPeriodCommand {
  userId: string;
  /** Neighbours either side. */
  around: number;
}
