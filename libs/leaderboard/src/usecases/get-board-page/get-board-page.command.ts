import type { BoardPeriodCommand } from '../locate-board/board-locator';

export interface GetBoardPageCommand extends BoardPeriodCommand {
  limit: number;
  cursor?: string;
}
