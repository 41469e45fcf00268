import type { LeaderboardRankMessage, ProgressOutcomeType, RedemptionUpdatedMessage } from '@questline/contracts';
export const NOTIFICATION_REPOSITORY = Symbol('NOTIFICATION_REPOSITORY');

export interface NewNotification {
  tenantId: string;
  userId: string;
  kind: 'points.awarded' | 'points.corrected' | 'points.spent' | 'points.refunded' | 'points.expired' | 'achievement.unlocked' | 'achievement.revoked' | ProgressOutcomeType | `leaderboard.${LeaderboardRankMessage['kind']}` | `redemption.${RedemptionUpdatedMessage['status']}`;
  title: string;
  data: Record<string, unknown>;
  /** Unique per tenant: a redelivered outcome never creates a second notification. */
  dedupKey: string;
  /** The pack batches this kind: it joins the user's unread group of this key started within the window. */
  group?: { key: string; windowMs: number };
  /** The title of a group of `count` notifications (summed amount `total`), in the user's locale. */
  retitle?: (count: number, total: number) => string;
  /** false: the user turned in-app notifications off (recorded, not in the feed or streams). */
  inApp?: boolean;
  /** false: the user turned webhooks off (no delivery for this user). */
  webhook?: boolean;
}

/** One user's notification preferences. */
export interface NotificationPreferences {
  /** Kinds never recorded (`streak.*` mutes a family, `*` everything). */
  muted: string[];
  inApp: boolean;
  webhook: boolean;
  /** The locale titles are written in (else the pack's default). */
  locale: string | null;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { muted: [], inApp: true, webhook: true, locale: null };

export interface NotificationView {
  id: string;
  /** The user's own sequence number (1, 2, 3… in commit order): a stream's event id. */
  seq: number;
  kind: string;
  title: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface FeedQuery {
  limit: number;
  /** Only notifications changed before this one: a smaller `seq` (the previous page's last). */
  beforeSeq?: number;
  /** A cursor from before the feed was ordered by last change: the notification id it ended at (its `seq` is looked up). */
  beforeId?: bigint;
  unreadOnly?: boolean;
}

/** A stored notification with its owner: what the live channels carry. */
export interface StoredNotification extends NotificationView {
  tenantId: string;
  userId: string;
  /** false when it was stored before (a redelivered outcome): already announced, most likely. */
  inserted: boolean;
}

export interface NotificationRepository {
  /**
   * Stores new notifications (one per dedup key), giving each the next sequence number of its user
   * in commit order, and returns every notification of the batch: the new ones and those stored by
   * an earlier delivery (so a redelivery announces again what a crash may have left unannounced).
   */
  add(notifications: NewNotification[]): Promise<StoredNotification[]>;
  /** The user's notifications after sequence number `afterSeq`, oldest first (a stream's catch-up). */
  since(tenantId: string, userId: string, afterSeq: number, limit: number): Promise<NotificationView[]>;
  /** The user's last sequence number (0 when none). */
  lastSeq(tenantId: string, userId: string): Promise<number>;
  /** Newest first; `limit + 1` rows tell whether there is a next page. */
  list(tenantId: string, userId: string, q: FeedQuery): Promise<NotificationView[]>;
  unreadCount(tenantId: string, userId: string): Promise<number>;
  /** Marks these notifications (or, without ids, every unread one) read now; returns how many changed. Idempotent. */
  markRead(tenantId: string, userId: string, ids: bigint[] | 'all'): Promise<number>;
  /** Preferences of these users (defaults for those who set none). */
  preferences(tenantId: string, userIds: string[]): Promise<Map<string, NotificationPreferences>>;
  setPreferences(tenantId: string, userId: string, prefs: NotificationPreferences): Promise<NotificationPreferences>;
  /** Deletes up to `limit` notifications created before `before` (retention); returns how many. */
  purge(before: Date, limit: number): Promise<number>;
}
