import { Inject, Injectable } from '@nestjs/common';
import { LIVE_CHANNEL, type LiveChannel } from '@questline/messaging';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger, type StreamSink } from '@questline/platform';
import { NOTIFICATION_REPOSITORY, type NotificationRepository, type NotificationView } from '../../domain/notification.repository';

/** The live channel of one user's notifications (every instance publishes and subscribes to it). */
export const feedChannel = (tenantId: string, userId: string) => `feed:${tenantId}:${userId}`;

const PAGE = 500;

/**
 * Live notifications for one user, on every channel (SSE, WebSocket): each event carries the
 * user's sequence number as its id. A stream subscribes to the user's live channel first, then
 * catches up from the database after the client's last id, then sends what the channel brings —
 * in order, each number once. A number past the next expected one (a lost hint, an instance that
 * crashed between its commit and its publish) or a fan-out reconnect makes it read the database
 * again, so what a client sees is exactly the database's sequence: resumable with Last-Event-ID,
 * nothing missed, nothing twice.
 */
@Injectable()
export class UserStreams {
  private readonly perUser = new Map<string, Set<StreamSink>>();

  constructor(
    @Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository,
    @Inject(LIVE_CHANNEL) private readonly live: LiveChannel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** How many streams this instance serves now. */
  get count(): number {
    let n = 0;
    for (const s of this.perUser.values()) n += s.size;
    return n;
  }

  async open(tenantId: string, userId: string, sink: StreamSink, afterSeq: number | undefined): Promise<void> {
    this.admit(`${tenantId}\u0000${userId}`, sink);
    let last = afterSeq ?? -1;
    let queue: Promise<void> = Promise.resolve();
    // Every step runs after the previous one: events leave in sequence order.
    const step = (fn: () => Promise<void>) => {
      queue = queue.then(fn).catch((err: unknown) => {
        this.log.warn({ err, tenantId, userId }, 'notification stream failed; closing it (the client resumes)');
        sink.close();
      });
    };
    const emit = (n: NotificationView) => {
      if (n.seq <= last) return;
      sink.send('notification', n, n.seq);
      last = n.seq;
    };
    const catchUp = async () => {
      for (;;) {
        if (sink.isClosed) return;
        const rows = await this.notifications.since(tenantId, userId, last, PAGE);
        rows.forEach(emit);
        if (rows.length < PAGE) return;
      }
    };
    const unsubscribe = await this.live.subscribe(feedChannel(tenantId, userId), (message) =>
      step(async () => {
        if (sink.isClosed || last < 0) return;
        const batch = message === null ? null : (JSON.parse(message) as NotificationView[]).sort((a, b) => a.seq - b.seq);
        const next = batch?.find((n) => n.seq > last);
        if (batch === null || (next !== undefined && next.seq > last + 1)) await catchUp();
        batch?.forEach(emit);
      }),
    );
    sink.onClose(() => void unsubscribe().catch(() => undefined));
    step(async () => {
      if (last < 0) last = await this.notifications.lastSeq(tenantId, userId);
      else await catchUp();
      const unread = await this.notifications.unreadCount(tenantId, userId);
      sink.send('ready', { userId, lastEventId: last, unread });
    });
  }

  /** At most STREAM_MAX_PER_USER streams per user here: one more closes the oldest. */
  private admit(key: string, sink: StreamSink): void {
    let set = this.perUser.get(key);
    if (!set) this.perUser.set(key, (set = new Set()));
    set.add(sink);
    sink.onClose(() => {
      set.delete(sink);
      if (set.size === 0 && this.perUser.get(key) === set) this.perUser.delete(key);
    });
    if (set.size > this.config.STREAM_MAX_PER_USER) set.values().next().value!.close();
  }
}
