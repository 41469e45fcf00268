import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { NotFoundError, Topics, type LeaderboardUpdatedMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { ANNOUNCEMENT_STORE, type AnnouncedView, type AnnouncementStore } from '../../domain/announcement.store';
import { GetBoardPageUseCase } from '../get-board-page/get-board-page.usecase';

interface Pending {
  view: AnnouncedView;
  /** Earliest time the next announcement of this view may go (its throttle). */
  dueAt: number;
  dirty: boolean;
}

/**
 * Board announcements (seed 001's gamification.leaderboard.updated, "throttled to avoid spam";
 * seed 004's gamification.ranking.updated with top_3_changed on the weekly reset). Boards with
 * `updates` in the pack: when committed awards move one of their views (window and scope), the
 * view's current top N is read at most once per `everySeconds` and announced on
 * questline.leaderboard.updated only when it differs from the last announcement, whichever
 * instance made that one (the last state is kept in Postgres, under a row lock while publishing).
 *
 * What is pending lives in this process: a crash between an award and its board's announcement
 * skips that announcement, and the board's next move announces the state then (an announcement is
 * a snapshot; nothing in the ledger or on the board is lost).
 */
@Injectable()
export class RankingAnnouncer implements OnModuleInit, OnModuleDestroy {
  private readonly pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly pages: GetBoardPageUseCase,
    @Inject(ANNOUNCEMENT_STORE) private readonly store: AnnouncementStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), this.config.LEADERBOARD_UPDATES_TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Views moved by committed awards (boards without `updates` are ignored). */
  touch(views: AnnouncedView[]): void {
    for (const view of views) {
      const def = this.packs.get(view.tenantId)?.leaderboards.find((b) => b.id === view.boardId);
      if (!def?.updates) continue;
      const key = JSON.stringify([view.tenantId, view.boardId, view.window, view.scope]);
      const p = this.pending.get(key);
      if (p) p.dirty = true;
      else this.pending.set(key, { view, dueAt: 0, dirty: true });
    }
  }

  /** Announces every due view now (the timer's work; tests and shutdown call it directly). */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.flush().finally(() => (this.running = undefined));
    return this.running;
  }

  private async flush(): Promise<void> {
    const now = Date.now();
    for (const [key, p] of this.pending) {
      if (!p.dirty) {
        // Quiet for a whole throttle window: forget it (the next award brings it back).
        if (now >= p.dueAt) this.pending.delete(key);
        continue;
      }
      if (now < p.dueAt) continue;
      const updates = this.packs.get(p.view.tenantId)?.leaderboards.find((b) => b.id === p.view.boardId)?.updates;
      if (!updates) {
        this.pending.delete(key);
        continue;
      }
      p.dirty = false;
      p.dueAt = now + (updates.everySeconds ?? 5) * 1000 * this.config.LEADERBOARD_UPDATES_SCALE;
      try {
        await this.announce(p.view, updates.top ?? 10);
      } catch (err) {
        // Tried again at the next due time.
        p.dirty = !(err instanceof NotFoundError);
        this.log.warn({ err, view: p.view }, 'board announcement failed');
      }
    }
  }

  private async announce(view: AnnouncedView, top: number): Promise<void> {
    const { page } = await this.pages.execute({
      tenantId: view.tenantId,
      boardId: view.boardId,
      window: view.window,
      scope: view.scope,
      limit: top,
    });
    const next = {
      period: page.period,
      top: page.entries.map((e) => ({
        userId: e.userId,
        rank: e.rank,
        score: e.score,
      })),
    };
    await this.store.announce(view, next, async (previous) => {
      const sameFirst3 = previous !== null && JSON.stringify(previous.top.slice(0, 3).map((e) => e.userId)) === JSON.stringify(next.top.slice(0, 3).map((e) => e.userId));
      const value: LeaderboardUpdatedMessage = {
        tenantId: view.tenantId,
        board: view.boardId,
        window: page.window,
        scope: page.scope,
        period: page.period,
        total: page.total,
        top: next.top,
        top3Changed: !sameFirst3,
        periodChanged: previous !== null && previous.period !== page.period,
        previousPeriod: previous?.period || null,
        // The same board state announced twice (a retry after a failed commit) has the same key.
        dedupKey: createHash('sha256')
          .update(JSON.stringify([view, next]))
          .digest('base64url'),
        at: new Date().toISOString(),
      };
      await this.bus.publish(Topics.LeaderboardUpdated, [{ key: `${view.tenantId}|${view.boardId}`, value }]);
    });
  }
}
