export interface SettleLeagueWeeksCommand {
  now?: number;
  /** One tenant only (default: every tenant). */
  tenantId?: string;
  /** One ended week of one league, now, grace or not. */
  force?: { league: string; week: string };
}
