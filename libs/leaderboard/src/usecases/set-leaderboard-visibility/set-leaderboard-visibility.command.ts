export interface SetLeaderboardVisibilityCommand {
  tenantId: string;
  userId: string;
  visible: boolean;
}
