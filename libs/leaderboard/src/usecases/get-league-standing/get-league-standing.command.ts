export interface GetLeagueStandingCommand {
  tenantId: string;
  leagueId: string;
  userId: string;
  /** Default: this week. */
  week?: string;
  now?: number;
}
