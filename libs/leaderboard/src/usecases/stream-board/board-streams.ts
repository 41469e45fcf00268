import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger, type StreamSink } from '@questline/platform';
import { BOARD_STATE_REPOSITORY, type BoardStateRepository } from '../../domain/board-state.repository';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { GetBoardPageUseCase, type LeaderboardPage } from '../get-board-page/get-board-page.usecase';
import { BoardLocator, type BoardPeriodCommand, type LocatedBoard } from '../locate-board/board-locator';

export interface BoardView extends BoardPeriodCommand {
  /** How many of the top to push (1–100). */
  top: number;
}

/** One push: the top N and, for a subscriber that is a user, its own rank (seed 001's gamification.leaderboard.updated). */
export interface BoardUpdateEvent {
  board: string;
  name: string;
  window: string;
  period: string;
  scope: string;
  status: LeaderboardPage['status'];
  total: number;
  top: LeaderboardPage['entries'];
  you: { userId: string; rank: number | null; score: number | null } | null;
  at: string;
}

interface Subscriber {
  sink: StreamSink;
  userId?: string;
  /** The last update this subscriber was sent (top and own rank), to send only changes. */
  sent?: string;
}

interface ViewState {
  view: BoardView;
  subscribers: Set<Subscriber>;
  timer: NodeJS.Timeout;
  busy: boolean;
}

/**
 * Live boards: every view (tenant, board, window, scope, N) that has subscribers on this instance
 * is read once per LEADERBOARD_STREAM_INTERVAL_MS (default 1 s) from the rank store every instance
 * shares, and each subscriber gets an update only when its top N or its own rank changed — at most
 * one per interval, however many awards land (seed 001: throttled to avoid spam). The rank store is
 * the source of truth, so any instance serves any subscriber; a quiet board costs one read per
 * interval per view here, and a subscriber's own rank one more.
 */
@Injectable()
export class BoardStreams implements OnModuleDestroy {
  private readonly views = new Map<string, ViewState>();

  constructor(
    private readonly pages: GetBoardPageUseCase,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(BOARD_STATE_REPOSITORY) private readonly states: BoardStateRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  get count(): number {
    let n = 0;
    for (const v of this.views.values()) n += v.subscribers.size;
    return n;
  }

  /** Checks the view (404 for an unknown board or period) before the stream opens, then sends the current state at once. */
  async validate(view: BoardView): Promise<void> {
    await this.pages.execute({ ...view, limit: 1 });
  }

  subscribe(view: BoardView, sink: StreamSink, userId?: string): void {
    const key = JSON.stringify([view.tenantId, view.boardId, view.window ?? 'all-time', view.period ?? '', view.scope ?? 'global', view.top]);
    let state = this.views.get(key);
    if (!state) {
      const timer = setInterval(() => void this.tick(state!), this.config.LEADERBOARD_STREAM_INTERVAL_MS);
      timer.unref();
      state = { view, subscribers: new Set(), timer, busy: false };
      this.views.set(key, state);
    }
    const sub: Subscriber = { sink, userId };
    state.subscribers.add(sub);
    const s = state;
    sink.onClose(() => {
      s.subscribers.delete(sub);
      if (s.subscribers.size === 0 && this.views.get(key) === s) {
        clearInterval(s.timer);
        this.views.delete(key);
      }
    });
    void this.push(s, [sub]);
  }

  onModuleDestroy(): void {
    for (const v of this.views.values()) {
      clearInterval(v.timer);
      for (const s of v.subscribers) s.sink.close();
    }
    this.views.clear();
  }

  private async tick(state: ViewState): Promise<void> {
    // A slow read never piles up: the next tick is skipped while one is running.
    if (state.busy) return;
    state.busy = true;
    try {
      await this.push(state, [...state.subscribers]);
    } finally {
      state.busy = false;
    }
  }

  private async push(state: ViewState, subscribers: Subscriber[]): Promise<void> {
    if (subscribers.length === 0) return;
    try {
      const { ref, page } = await this.pages.execute({ ...state.view, limit: state.view.top });
      const users = [...new Set(subscribers.map((s) => s.userId).filter((u): u is string => u !== undefined))];
      const mine = new Map(await Promise.all(users.map(async (u) => [u, await this.rankOf(ref, u)] as const)));
      const at = new Date().toISOString();
      for (const sub of subscribers) {
        if (sub.sink.isClosed) continue;
        const own = sub.userId !== undefined ? { userId: sub.userId, ...(mine.get(sub.userId) ?? { rank: null, score: null }) } : null;
        const fingerprint = JSON.stringify([page.period, page.status, page.total, page.entries, own]);
        if (fingerprint === sub.sent) continue;
        sub.sent = fingerprint;
        const update: BoardUpdateEvent = { board: page.board, name: page.name, window: page.window, period: page.period, scope: page.scope, status: page.status, total: page.total, top: page.entries, you: own, at };
        sub.sink.send('leaderboard.updated', update);
      }
    } catch (err) {
      // A board removed from the pack, a period that cannot be resolved any more: its streams end.
      this.log.warn({ err, view: state.view }, 'live board update failed');
      if (err instanceof NotFoundError) for (const s of subscribers) s.sink.close();
    }
  }

  private async rankOf(ref: LocatedBoard, userId: string): Promise<{ rank: number; score: number } | null> {
    if (BoardLocator.fromStandings(ref)) {
      const s = await this.states.standingOf(ref.set.tenantId, ref.def.id, ref.scopeName, ref.period, userId);
      return s ? { rank: s.rank, score: s.score } : null;
    }
    const r = await this.ranks.rankOf(ref.set, userId, ref.def.ties ?? 'competition');
    return r ? { rank: r.rank, score: r.score } : null;
  }
}
