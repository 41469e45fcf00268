import { Inject, Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@questline/contracts';
import { decodeCursor, encodeCursor } from '@questline/platform';
import { NOTIFICATION_REPOSITORY, type NotificationPreferences, type NotificationRepository, type NotificationView } from '../../domain/notification.repository';

export interface FeedPage {
  userId: string;
  notifications: NotificationView[];
  /** Unread notifications of the user (all of them, not only this page's). */
  unread: number;
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

/** Where a feed cursor ends: a sequence number, or (a cursor written before the feed was ordered by last change) a notification id. */
function feedPosition(cursor: string | undefined): { beforeSeq?: number; beforeId?: bigint } {
  if (cursor === undefined) return {};
  if (Buffer.from(cursor, 'base64url').toString().startsWith('n')) return { beforeId: decodeCursor('n', cursor) };
  return { beforeSeq: Number(decodeCursor('s', cursor)) };
}

/**
 * A user's notification feed: last change first (a batched notification that grew comes back to
 * the top), a page at a time, read state and unread count.
 */
@Injectable()
export class ListNotificationsUseCase {
  constructor(@Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository) {}

  async execute({ tenantId, userId, limit = 50, cursor, unreadOnly = false }: { tenantId: string; userId: string; limit?: number; cursor?: string; unreadOnly?: boolean }): Promise<FeedPage> {
    const position = feedPosition(cursor);
    const [rows, unread] = await Promise.all([this.notifications.list(tenantId, userId, { limit: limit + 1, ...position, unreadOnly }), this.notifications.unreadCount(tenantId, userId)]);
    const page = rows.slice(0, limit);
    return { userId, notifications: page, unread, nextCursor: rows.length > limit ? encodeCursor('s', page[page.length - 1]!.seq) : null };
  }

  /** Marks the given notifications (or all) read; repeating it changes nothing. */
  async markRead({ tenantId, userId, ids }: { tenantId: string; userId: string; ids?: string[] }): Promise<{ userId: string; marked: number; unread: number }> {
    const parsed = ids?.map((id, i) => {
      if (!/^\d{1,18}$/.test(id)) throw new ValidationFailedError('Malformed notification id.', [{ pointer: `/ids/${i}`, detail: 'a notification id from the feed' }], 'validation_failed');
      return BigInt(id);
    });
    const marked = await this.notifications.markRead(tenantId, userId, parsed ?? 'all');
    return { userId, marked, unread: await this.notifications.unreadCount(tenantId, userId) };
  }

  async preferences(tenantId: string, userId: string): Promise<NotificationPreferences & { userId: string }> {
    return { userId, ...(await this.notifications.preferences(tenantId, [userId])).get(userId)! };
  }

  /** Replaces the user's preferences (what is omitted returns to its default). They apply to notifications recorded from now on. */
  async setPreferences(tenantId: string, userId: string, p: Partial<NotificationPreferences>): Promise<NotificationPreferences & { userId: string }> {
    const saved = await this.notifications.setPreferences(tenantId, userId, { muted: p.muted ?? [], inApp: p.inApp ?? true, webhook: p.webhook ?? true, locale: p.locale ?? null });
    return { userId, ...saved };
  }
}
