import type { LeaderboardRankMessage, ProgressOutcomeType, RedemptionUpdatedMessage } from '@questline/contracts';
export const NOTIFICATION_REPOSITORY = Symbol('NOTIFICATION_REPOSITORY');

export interface NewNotification {
  tenantId: string;
  userId: string;
  kind: 'points.awarded' | 'achievement.unlocked' | 'achievement.revoked' | ProgressOutcomeType | `leaderboard.${LeaderboardRankMessage['kind']}` | `redemption.${RedemptionUpdatedMessage['status']}`;
  title: string;
  data: Record<string, unknown>;
  /** Unique per tenant: a redelivered outcome never creates a second notification. */
  dedupKey: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationRepository {
  add(notifications: NewNotification[]): Promise<number>;
  list(tenantId: string, userId: string, limit: number): Promise<NotificationView[]>;
}
