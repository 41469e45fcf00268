export const ANNOUNCEMENT_STORE = Symbol('ANNOUNCEMENT_STORE');

/** One board view whose changes are announced: a board, window and scope (the period is the current one). */
export interface AnnouncedView {
  tenantId: string;
  boardId: string;
  window: string;
  scope: string;
}

export interface AnnouncedTop {
  period: string;
  top: { userId: string; rank: number; score: number }[];
}

/**
 * The last top N announced per view, shared by every instance. `announce` runs `publish` with the
 * previous state while holding the view's row, and records `next` only once `publish` returned:
 * two instances never announce the same change twice, and a failed publish is retried by the next
 * announcement rather than lost. `publish` is not called when `next` equals what was announced.
 */
export interface AnnouncementStore {
  announce(view: AnnouncedView, next: AnnouncedTop, publish: (previous: AnnouncedTop | null) => Promise<void>): Promise<boolean>;
}
