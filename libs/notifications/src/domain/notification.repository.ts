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

export interface FeedQuery {
  limit: number;
  /** Only notifications older than this id (the previous page's last). */
  beforeId?: bigint;
  unreadOnly?: boolean;
}

export interface NotificationRepository {
  add(notifications: NewNotification[]): Promise<number>;
  /** Newest first; `limit + 1` rows tell whether there is a next page. */
  list(tenantId: string, userId: string, q: FeedQuery): Promise<NotificationView[]>;
  unreadCount(tenantId: string, userId: string): Promise<number>;
  /** Marks these notifications (or, without ids, every unread one) read now; returns how many changed. Idempotent. */
  markRead(tenantId: string, userId: string, ids: bigint[] | 'all'): Promise<number>;
  /** Deletes up to `limit` notifications created before `before` (retention); returns how many. */
  purge(before: Date, limit: number): Promise<number>;
}
